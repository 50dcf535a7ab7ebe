// Every word the bot shows a person, in English and Russian. Placeholders are {name}.
// The domain's refusals carry their own two messages (domain/refusals.ts).

export type Locale = 'en' | 'ru';
export const LOCALES: readonly Locale[] = ['en', 'ru'];

/** "ru-RU" → "ru"; anything that is not Russian is English. */
export const localeFromTag = (tag: string | undefined): Locale => (tag?.toLowerCase().startsWith('ru') ? 'ru' : 'en');

const en = {
  // Commands: the words a person may type, also accepted in the other language.
  'command.cancel': 'cancel',
  'command.help': 'help',
  'command.back': 'back',
  'command.skip': 'skip',
  'command.yes': 'yes',
  'command.no': 'no',
  'command.send': 'send',
  'command.edit': 'edit',
  'command.none': 'none',
  'command.invite': 'invite',
  'command.invitations': 'invitations',
  'command.cancelInvitation': 'cancel',
  'command.resend': 'resend',
  'command.addAzure': 'add azure',
  'command.signin': 'signin',
  'command.language': 'language',

  'welcome': "Hello {name}! I help CSP partners invite customers and customers decide on invitations. Type **help** to see what I can do for you.",
  'welcome.unknown': "Hello! I help CSP partners invite customers. I don't know you yet: see **help**.",
  'unknownUser': "I don't know you: only the users of the partners and customers in my directory can use this bot. {how}",
  'unknownUser.teams': 'Ask your administrator to add you to the directory.',
  'unknownUser.emulator': 'In the Bot Framework Emulator, say who you are with **signin** and a demo e-mail, for example `signin alex@fabrikam.onmicrosoft.com`. Demo users: {users}.',
  'signin.done': 'You are now {name} ({organisation}) in this Emulator conversation.',
  'signin.unknown': 'There is no demo user {email}. Demo users: {users}.',
  'signin.notHere': 'Sign-in by e-mail exists only in the Bot Framework Emulator; in Teams you are who Teams says you are.',
  'notUnderstood': "I didn't understand \"{text}\". Type **help** to see what I can do.",
  'error': 'Sorry, something went wrong on my side. Please try again in a moment.',
  'language.set': 'I will speak English with you from now on.',
  'card.stale': 'That card belongs to a conversation that has ended. Type **invite** to start again.',
  'card.unknownAction': 'I cannot do anything with that button. Type **help** to see what I can do.',
  'cancel.nothing': 'There is nothing to cancel. To cancel an invitation, type **cancel** and its code, for example `cancel ABC-123`.',
  'resend.which': 'Which invitation? Type **resend** and its code, for example `resend ABC-123`.',
  'language.unknown': 'I speak English (**language en**) and Russian (**language ru**).',

  'help.partner': "You are {name}, {roles} at {organisation}. I can:\n\n- **invite** *domain* — invite a customer (I check every Partner Center rule before anything is sent)\n- **invitations** — your organisation's invitations, with Cancel and Resend\n- **cancel** *code* / **resend** *code* — cancel or resend a pending invitation\n- **add azure** *domain* — add an Azure subscription for a customer you work with\n- **language en** / **language ru**",
  'help.customer': "You are {name} at {organisation}. Invitations from partners come to your organisation's Global Administrators as cards to approve or decline.\n\n- **language en** / **language ru**",
  'help.unknown': "I help CSP partners invite customers. {how}",

  'role.adminAgent': 'admin agent',
  'role.salesAgent': 'sales agent',
  'role.helpdeskAgent': 'helpdesk agent',
  'role.globalAdministrator': 'Global Administrator',
  'role.user': 'user',

  'service.microsoft365': 'Microsoft 365',
  'service.azure': 'Azure',
  'service.dynamics365': 'Dynamics 365',
  'service.other': 'Other',
  'service.m365AndAzure': 'Microsoft 365 and Azure',

  'status.pending': 'Pending',
  'status.approved': 'Approved',
  'status.declined': 'Declined',
  'status.expired': 'Expired',
  'status.cancelled': 'Cancelled',

  'form.cancelled': 'Cancelled. Nothing was stored.',
  'form.tooManyTries': 'That is three tries. Type **cancel** to stop, **help** for an explanation, or try again.',
  'form.nothingBack': 'This is the first question; there is nothing to go back to.',
  'form.hint': 'You can type **back**, **help** or **cancel** at any question.',

  'invite.domain.prompt': "Which customer do you want to invite? Type the customer's domain, for example contoso.onmicrosoft.com.",
  'invite.domain.help': "I need one of the customer's verified domains, such as contoso.onmicrosoft.com or contoso.com. I then tell you at once whether Partner Center's rules allow the invitation and which partners the customer already has.",
  'invite.domain.partners': '{customer} already works with {count} other partner(s): {partners}. Multi-partner support lets it add you as well. Your invitation changes none of its existing subscriptions, does not transfer them or the account ownership to you, changes no terms or obligations, and leaves the partner of record of every subscription as it is.',
  'invite.domain.noPartners': '{customer} has no partner yet.',
  'invite.domain.unknownTenant': "I don't know the tenant of {domain} yet. You can still invite it: the rules are checked again when its administrator answers.",
  'invite.domain.activeRelationship': 'You already have an active relationship with {customer} (roles: {roles}). This invitation can request further roles.',
  'invite.services.prompt': 'Which services will you provide? Choose one, or type several separated by commas.',
  'invite.services.help': 'Services say what you will do for the customer: Microsoft 365, Azure, Dynamics 365 or other. Type for example "Microsoft 365, Azure".',
  'invite.services.invalid': 'Choose at least one of: Microsoft 365, Azure, Dynamics 365, Other.',
  'invite.roles.prompt': 'Which admin roles do you request? Least privilege first; type numbers or names separated by commas, or **none** for the reseller relationship alone.\n\n{list}',
  'invite.roles.help': 'Admin roles (GDAP) let your staff administer the customer\'s tenant. Request the least you need. With **none** you ask only for the reseller relationship, enough to manage the Azure subscriptions you provision.',
  'invite.roles.salesOnly': 'As a sales agent you can request the reseller relationship alone, so I will not ask for admin roles.',
  'invite.roles.invalidNumber': '"{value}" is not a number from the list (1–{max}).',
  'invite.duration.prompt': 'For how many days (1–730)? The default is 730 days, two years.',
  'invite.duration.help': 'Admin roles are granted for a limited time: from 1 day to 730 days (two years). There is no permanent access.',
  'invite.autoExtend.prompt': 'Extend the admin roles automatically by 180 days at each end date?',
  'invite.autoExtend.help': 'With auto-extend the roles are extended by 180 days at each end date until someone turns it off or the relationship ends.',
  'invite.autoExtend.globalAdmin': 'Auto-extend is not possible with the Global Administrator role, so it is off.',
  'invite.autoExtend.invalid': 'Answer **yes** or **no**.',
  'invite.email.prompt': "The customer administrator's e-mail, to address the invitation to? Optional: **skip** if you don't know it.",
  'invite.email.help': 'If you give an e-mail, the invitation names that administrator. Any Global Administrator of the customer can still decide it.',
  'invite.message.prompt': 'A message for the customer (at most 500 characters)? Optional: **skip**.',
  'invite.message.help': 'The message is shown on the invitation card, for example why you ask for these roles.',
  'invite.summary.prompt': 'Here is the invitation. Send it?',
  'invite.summary.help': '**send** sends the invitation, **edit** changes an answer, **cancel** stops without storing anything.',
  'invite.summary.invalid': 'Choose **send**, **edit** or **cancel**.',
  'invite.edit.prompt': 'What do you want to change?',
  'invite.edit.help': 'Choose the answer to change; after it I show the summary again.',
  'invite.edit.invalid': 'Choose one of the answers shown.',
  'invite.sent': 'Invitation **{code}** is on its way to {customer}. It expires on {expires} if nobody decides it. A Global Administrator of {customer} approves or declines it; I will tell you the decision here.',
  'invite.refusedAtSend': 'The invitation was not sent: {reason}',

  'field.domain': 'Customer',
  'field.services': 'Services',
  'field.roles': 'Admin roles',
  'field.duration': 'Duration',
  'field.autoExtend': 'Auto-extend',
  'field.email': 'Administrator e-mail',
  'field.message': 'Message',
  'field.code': 'Code',
  'field.status': 'Status',
  'field.created': 'Created',
  'field.expires': 'Expires',

  'value.resellerOnly': 'None — reseller relationship only',
  'value.days': '{days} days',
  'value.notApplicable': '—',
  'value.none': '—',
  'value.yes': 'Yes',
  'value.no': 'No',

  'button.send': 'Send',
  'button.edit': 'Edit',
  'button.cancel': 'Cancel',
  'button.skip': 'Skip',
  'button.none': 'None',
  'button.yes': 'Yes',
  'button.no': 'No',
  'button.resend': 'Resend',
  'button.previous': 'Previous',
  'button.next': 'Next',
  'button.confirm': 'Add it',

  'summary.title': 'Invitation to {customer}',
  'invitations.title': 'Invitations of {organisation}',
  'invitations.page': 'Page {page} of {pages} · {total} invitation(s)',
  'invitations.none': 'Your organisation has not sent any invitation yet. Type **invite** to send one.',
  'invitations.cancelled': 'Invitation **{code}** is cancelled; the customer\'s card now shows that it was withdrawn.',
  'invitations.resent': 'Invitation **{code}** was sent again. It still expires on {expires}.',

  'azure.domain.prompt': 'For which customer? Type its domain.',
  'azure.domain.help': 'You can add an Azure subscription for a customer you have an active relationship with, even if another partner already provides Azure to it.',
  'azure.confirm.prompt': '{customer} has these subscriptions, which stay exactly as they are: {subscriptions}. Add a new Azure plan with {organisation} as its partner of record?',
  'azure.confirm.noSubscriptions': '{customer} has no subscription yet. Add a new Azure plan with {organisation} as its partner of record?',
  'azure.confirm.help': 'Adding an Azure subscription changes no existing subscription; the new one is yours.',
  'azure.confirm.invalid': 'Answer **yes** or **no**.',
  'azure.subscription': '{product} ×{quantity} (partner of record: {partner})',
  'azure.added': 'Added an Azure plan for {customer}; {organisation} is its partner of record. Its other subscriptions did not change.',
  'azure.notAdded': 'Nothing was added.',
} as const;

export type StringKey = keyof typeof en;

const ru: Record<StringKey, string> = {
  'command.cancel': 'отмена',
  'command.help': 'помощь',
  'command.back': 'назад',
  'command.skip': 'пропустить',
  'command.yes': 'да',
  'command.no': 'нет',
  'command.send': 'отправить',
  'command.edit': 'изменить',
  'command.none': 'нет ролей',
  'command.invite': 'пригласить',
  'command.invitations': 'приглашения',
  'command.cancelInvitation': 'отменить',
  'command.resend': 'повторить',
  'command.addAzure': 'добавить azure',
  'command.signin': 'signin',
  'command.language': 'language',

  'welcome': 'Здравствуйте, {name}! Я помогаю партнёрам CSP приглашать клиентов, а клиентам — принимать решения по приглашениям. Введите **помощь**, чтобы узнать, что я умею.',
  'welcome.unknown': 'Здравствуйте! Я помогаю партнёрам CSP приглашать клиентов. Я вас пока не знаю: см. **помощь**.',
  'unknownUser': 'Я вас не знаю: этим ботом могут пользоваться только пользователи партнёров и клиентов из моего каталога. {how}',
  'unknownUser.teams': 'Попросите администратора добавить вас в каталог.',
  'unknownUser.emulator': 'В Bot Framework Emulator укажите, кто вы, командой **signin** с демо-адресом, например `signin alex@fabrikam.onmicrosoft.com`. Демо-пользователи: {users}.',
  'signin.done': 'В этом разговоре в Emulator вы теперь {name} ({organisation}).',
  'signin.unknown': 'Демо-пользователя {email} нет. Демо-пользователи: {users}.',
  'signin.notHere': 'Вход по адресу есть только в Bot Framework Emulator; в Teams вы — тот, кем вас называет Teams.',
  'notUnderstood': 'Я не понял «{text}». Введите **помощь**, чтобы узнать, что я умею.',
  'error': 'Извините, у меня что-то пошло не так. Попробуйте ещё раз чуть позже.',
  'language.set': 'Теперь я буду говорить с вами по-русски.',
  'card.stale': 'Эта карточка относится к завершённому разговору. Введите **пригласить**, чтобы начать заново.',
  'card.unknownAction': 'С этой кнопкой я ничего не могу сделать. Введите **помощь**, чтобы узнать, что я умею.',
  'cancel.nothing': 'Отменять нечего. Чтобы отменить приглашение, введите **отменить** и его код, например `отменить ABC-123`.',
  'resend.which': 'Какое приглашение? Введите **повторить** и его код, например `повторить ABC-123`.',
  'language.unknown': 'Я говорю по-английски (**language en**) и по-русски (**language ru**).',

  'help.partner': 'Вы — {name}, {roles} в {organisation}. Я умею:\n\n- **пригласить** *домен* — пригласить клиента (я проверяю все правила Partner Center до отправки)\n- **приглашения** — приглашения вашей организации, с отменой и повторной отправкой\n- **отменить** *код* / **повторить** *код* — отменить или повторно отправить ожидающее приглашение\n- **добавить azure** *домен* — добавить подписку Azure клиенту, с которым вы работаете\n- **language en** / **language ru**',
  'help.customer': 'Вы — {name} в {organisation}. Приглашения партнёров приходят глобальным администраторам вашей организации в виде карточек, которые можно одобрить или отклонить.\n\n- **language en** / **language ru**',
  'help.unknown': 'Я помогаю партнёрам CSP приглашать клиентов. {how}',

  'role.adminAgent': 'агент-администратор',
  'role.salesAgent': 'агент по продажам',
  'role.helpdeskAgent': 'агент службы поддержки',
  'role.globalAdministrator': 'глобальный администратор',
  'role.user': 'пользователь',

  'service.microsoft365': 'Microsoft 365',
  'service.azure': 'Azure',
  'service.dynamics365': 'Dynamics 365',
  'service.other': 'Другое',
  'service.m365AndAzure': 'Microsoft 365 и Azure',

  'status.pending': 'Ожидает',
  'status.approved': 'Одобрено',
  'status.declined': 'Отклонено',
  'status.expired': 'Истекло',
  'status.cancelled': 'Отменено',

  'form.cancelled': 'Отменено. Ничего не сохранено.',
  'form.tooManyTries': 'Это уже третья попытка. Введите **отмена**, чтобы прекратить, **помощь** — для пояснения, или попробуйте ещё раз.',
  'form.nothingBack': 'Это первый вопрос, возвращаться некуда.',
  'form.hint': 'На любом вопросе можно ввести **назад**, **помощь** или **отмена**.',

  'invite.domain.prompt': 'Какого клиента вы хотите пригласить? Введите домен клиента, например contoso.onmicrosoft.com.',
  'invite.domain.help': 'Нужен один из подтверждённых доменов клиента, например contoso.onmicrosoft.com или contoso.com. Я сразу скажу, разрешают ли правила Partner Center это приглашение и с какими партнёрами клиент уже работает.',
  'invite.domain.partners': '{customer} уже работает с другими партнёрами ({count}): {partners}. Поддержка нескольких партнёров позволяет добавить и вас. Ваше приглашение не меняет существующие подписки клиента, не передаёт вам ни подписки, ни право владения учётной записью, не меняет условия и обязательства и оставляет партнёра записи каждой подписки прежним.',
  'invite.domain.noPartners': 'У {customer} пока нет партнёров.',
  'invite.domain.unknownTenant': 'Я пока не знаю клиента с доменом {domain}. Пригласить его можно: правила будут проверены ещё раз, когда ответит его администратор.',
  'invite.domain.activeRelationship': 'У вас уже есть действующие отношения с {customer} (роли: {roles}). Этим приглашением можно запросить дополнительные роли.',
  'invite.services.prompt': 'Какие услуги вы будете оказывать? Выберите одну или введите несколько через запятую.',
  'invite.services.help': 'Услуги говорят, что вы будете делать для клиента: Microsoft 365, Azure, Dynamics 365 или другое. Введите, например, «Microsoft 365, Azure».',
  'invite.services.invalid': 'Выберите хотя бы одно: Microsoft 365, Azure, Dynamics 365, Другое.',
  'invite.roles.prompt': 'Какие роли администратора вы запрашиваете? Сначала наименее привилегированные; введите номера или названия через запятую либо **нет ролей** — только отношения реселлера.\n\n{list}',
  'invite.roles.help': 'Роли администратора (GDAP) позволяют вашим сотрудникам администрировать клиента. Запрашивайте минимум необходимого. С **нет ролей** вы просите только отношения реселлера — этого достаточно для управления подписками Azure, которые вы создаёте.',
  'invite.roles.salesOnly': 'Как агент по продажам вы можете запросить только отношения реселлера, поэтому роли администратора я не спрашиваю.',
  'invite.roles.invalidNumber': '«{value}» — не номер из списка (1–{max}).',
  'invite.duration.prompt': 'На сколько дней (1–730)? По умолчанию 730 дней, два года.',
  'invite.duration.help': 'Роли администратора выдаются на ограниченный срок: от 1 до 730 дней (два года). Бессрочного доступа нет.',
  'invite.autoExtend.prompt': 'Продлевать роли автоматически на 180 дней в конце каждого срока?',
  'invite.autoExtend.help': 'С автопродлением роли продлеваются на 180 дней в конце каждого срока, пока кто-нибудь его не отключит или отношения не прекратятся.',
  'invite.autoExtend.globalAdmin': 'С ролью глобального администратора автопродление невозможно, поэтому оно выключено.',
  'invite.autoExtend.invalid': 'Ответьте **да** или **нет**.',
  'invite.email.prompt': 'Адрес электронной почты администратора клиента, которому адресовано приглашение? Необязательно: **пропустить**, если вы его не знаете.',
  'invite.email.help': 'Если указать адрес, приглашение будет адресовано этому администратору. Решение всё равно может принять любой глобальный администратор клиента.',
  'invite.message.prompt': 'Сообщение для клиента (не больше 500 символов)? Необязательно: **пропустить**.',
  'invite.message.help': 'Сообщение показывается на карточке приглашения, например почему вы просите эти роли.',
  'invite.summary.prompt': 'Вот приглашение. Отправить?',
  'invite.summary.help': '**отправить** — отправить приглашение, **изменить** — поменять ответ, **отмена** — прекратить, ничего не сохраняя.',
  'invite.summary.invalid': 'Выберите **отправить**, **изменить** или **отмена**.',
  'invite.edit.prompt': 'Что вы хотите изменить?',
  'invite.edit.help': 'Выберите ответ, который нужно изменить; после него я снова покажу сводку.',
  'invite.edit.invalid': 'Выберите один из показанных ответов.',
  'invite.sent': 'Приглашение **{code}** отправлено клиенту {customer}. Если по нему не будет решения, срок истечёт {expires}. Одобрить или отклонить его может глобальный администратор {customer}; о решении я сообщу здесь.',
  'invite.refusedAtSend': 'Приглашение не отправлено: {reason}',

  'field.domain': 'Клиент',
  'field.services': 'Услуги',
  'field.roles': 'Роли администратора',
  'field.duration': 'Срок',
  'field.autoExtend': 'Автопродление',
  'field.email': 'Адрес администратора',
  'field.message': 'Сообщение',
  'field.code': 'Код',
  'field.status': 'Состояние',
  'field.created': 'Создано',
  'field.expires': 'Истекает',

  'value.resellerOnly': 'Нет — только отношения реселлера',
  'value.days': '{days} дн.',
  'value.notApplicable': '—',
  'value.none': '—',
  'value.yes': 'Да',
  'value.no': 'Нет',

  'button.send': 'Отправить',
  'button.edit': 'Изменить',
  'button.cancel': 'Отмена',
  'button.skip': 'Пропустить',
  'button.none': 'Нет ролей',
  'button.yes': 'Да',
  'button.no': 'Нет',
  'button.resend': 'Отправить повторно',
  'button.previous': 'Назад',
  'button.next': 'Далее',
  'button.confirm': 'Добавить',

  'summary.title': 'Приглашение для {customer}',
  'invitations.title': 'Приглашения {organisation}',
  'invitations.page': 'Страница {page} из {pages} · приглашений: {total}',
  'invitations.none': 'Ваша организация ещё не отправила ни одного приглашения. Введите **пригласить**, чтобы отправить.',
  'invitations.cancelled': 'Приглашение **{code}** отменено; на карточке клиента теперь видно, что оно отозвано.',
  'invitations.resent': 'Приглашение **{code}** отправлено повторно. Срок по-прежнему истекает {expires}.',

  'azure.domain.prompt': 'Для какого клиента? Введите его домен.',
  'azure.domain.help': 'Подписку Azure можно добавить клиенту, с которым у вас есть действующие отношения, даже если Azure ему уже предоставляет другой партнёр.',
  'azure.confirm.prompt': 'У {customer} есть такие подписки, и они останутся без изменений: {subscriptions}. Добавить новый план Azure, где партнёр записи — {organisation}?',
  'azure.confirm.noSubscriptions': 'У {customer} пока нет подписок. Добавить новый план Azure, где партнёр записи — {organisation}?',
  'azure.confirm.help': 'Добавление подписки Azure не меняет существующие подписки; новая подписка — ваша.',
  'azure.confirm.invalid': 'Ответьте **да** или **нет**.',
  'azure.subscription': '{product} ×{quantity} (партнёр записи: {partner})',
  'azure.added': 'План Azure для {customer} добавлен; партнёр записи — {organisation}. Остальные подписки не изменились.',
  'azure.notAdded': 'Ничего не добавлено.',
};

const CATALOGUE: Record<Locale, Record<StringKey, string>> = { en, ru };

export type Params = Record<string, string | number>;

export function t(locale: Locale, key: StringKey, params: Params = {}): string {
  return CATALOGUE[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The same word in every language: "cancel" and "отмена" both cancel, whatever the user's language. */
export function isCommand(text: string, key: StringKey): boolean {
  const typed = text.trim().toLowerCase();
  return LOCALES.some((l) => CATALOGUE[l][key] === typed);
}

/** The words after a command ("invite contoso.com" → "contoso.com"), or undefined when `text` is not that command. */
export function commandArgument(text: string, key: StringKey): string | undefined {
  const typed = text.trim().replace(/\s+/g, ' ');
  for (const l of LOCALES) {
    const word = CATALOGUE[l][key];
    const lower = typed.toLowerCase();
    if (lower === word) return '';
    if (lower.startsWith(`${word} `)) return typed.slice(word.length + 1).trim();
  }
  return undefined;
}

/** A translator bound to one locale. */
export interface Say {
  locale: Locale;
  (key: StringKey, params?: Params): string;
}

export function sayIn(locale: Locale): Say {
  const say = ((key: StringKey, params?: Params) => t(locale, key, params)) as Say;
  say.locale = locale;
  return say;
}
