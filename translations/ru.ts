import type { StringKey } from './en.js';

// Every Russian word the bot shows a person; the keys are the English catalogue's. A long Russian
// date ends with "г." (22 февраля 2027 г.), which also ends the sentence: no second full stop.

export const ru: Record<StringKey, string> = {
  'command.cancel': 'отмена',
  'command.help': 'помощь',
  'command.whoManages': 'кто управляет',
  'command.whatCanManage': 'что может',
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
  'command.partners': 'партнёры',
  'command.customers': 'клиенты',
  'command.code': 'code',
  'command.language': 'language',

  welcome:
    'Здравствуйте, {name}! Я помогаю партнёрам CSP приглашать клиентов, а клиентам — принимать решения по приглашениям. Введите **помощь**, чтобы узнать, что я умею.',
  'welcome.unknown': 'Здравствуйте! Я помогаю партнёрам CSP приглашать клиентов. Я вас пока не знаю: см. **помощь**.',
  unknownUser:
    'Я вас не знаю: этим ботом могут пользоваться только пользователи партнёров и клиентов из моего каталога. {how}',
  'unknownUser.teams': 'Попросите администратора добавить вас в каталог.',
  'unknownUser.emulator':
    'В Bot Framework Emulator укажите, кто вы, командой **signin** с демо-адресом, например `signin alex@fabrikam.onmicrosoft.com`. Демо-пользователи: {users}.',
  'signin.done': 'В этом разговоре в Emulator вы теперь {name} ({organisation}).',
  'signin.unknown': 'Демо-пользователя {email} нет. Демо-пользователи: {users}.',
  'signin.notHere': 'Вход по адресу есть только в Bot Framework Emulator; в Teams вы — тот, кем вас называет Teams.',
  notUnderstood: 'Я не понял «{text}». Введите **помощь**, чтобы узнать, что я умею.',
  'notUnderstood.didYouMean':
    'Я не понял «{text}». Может быть, вы имели в виду **{likelier}**? Введите **помощь**, чтобы узнать, что я умею.',
  error: 'Извините, у меня что-то пошло не так. Попробуйте ещё раз чуть позже.',
  'error.storeGone':
    'Сейчас я не могу ничего сохранить, поэтому ничего из того, о чём вы просили, не сделано; мой оператор уже знает об этом.',
  'language.set': 'Теперь я буду говорить с вами по-русски.',
  'card.stale': 'Эта карточка относится к завершённому разговору. Введите **пригласить**, чтобы начать заново.',
  'card.unknownAction': 'С этой кнопкой я ничего не могу сделать. Введите **помощь**, чтобы узнать, что я умею.',
  'cancel.nothing':
    'Отменять нечего. Чтобы отменить приглашение, введите **отменить** и его код, например `отменить ABC-123`.',
  'resend.which': 'Какое приглашение? Введите **повторить** и его код, например `повторить ABC-123`.',
  'language.unknown': 'Я говорю по-английски (**language en**) и по-русски (**language ru**).',

  'whoManages.which': 'О каком клиенте? Введите **кто управляет** и его домен, например `кто управляет contoso.com`.',
  'whoManages.title': 'Кто может управлять {customer}',
  'whoManages.introPartner':
    'Ваши активные отношения с {customer}: роли, которые даёт каждое, и ваши группы безопасности, которым они назначены.',
  'whoManages.introCustomer':
    'Партнёры, которые сейчас могут управлять {customer} через активные отношения, и роли, которые им даёт каждое. Кто из сотрудников партнёра пользуется этими ролями, решает партнёр.',
  'whoManages.noneForPartner':
    'У вашей организации нет активных отношений с {customer}: никто из ваших сотрудников не может им управлять.',
  'whoManages.noneForCustomer':
    'Ни у одного партнёра нет активных отношений с {customer}: ни один партнёр не может им управлять.',
  'whoManages.group': '{group}: {roles}',
  'whoManages.members': 'Участники: {names}',
  'whoManages.membersMore': 'Участники: {names} и ещё {more|number}',
  'whoManages.noMembers': 'Участники: никого',
  'whoManages.membersUnavailable': 'Участники: сейчас не удалось спросить Microsoft; спросите ещё раз чуть позже.',
  'whoManages.noAccess':
    'Доступ не назначен: этими ролями пока никто не может пользоваться (Назначить доступ — у отношений в **клиенты**).',
  'whoManages.more': 'Показано отношений: {shown|number} из {total|number}.',
  'whatCanManage.which':
    'О ком? Введите **что может**, адрес электронной почты и **управлять**, например `что может alex@fabrikam.com управлять`.',
  'whatCanManage.title': 'Чем может управлять {person}',
  'whatCanManage.intro':
    'Клиенты, которыми может управлять {person}, — через группы, в которые он входит, и роли этих групп:',
  'whatCanManage.none':
    '{person} не входит ни в одну группу, которой назначены роли отношений: через ваши отношения он не может управлять ни одним клиентом.',
  'whatCanManage.through': 'Через {group}: {roles}',
  'help.partner':
    'Вы — {name}, {roles} в {organisation}. Я умею:\n\n- **пригласить** *домен* — пригласить клиента (я проверяю все правила Partner Center до отправки)\n- **приглашения** — приглашения вашей организации, с отменой и повторной отправкой\n- **клиенты** — действующие отношения с клиентами, с возможностью прекратить их\n- **заканчиваются** / **заканчиваются 30** — отношения, которые заканчиваются в ближайшие 90 (или 30) дней\n- **история** *код* — что произошло с приглашением и его отношениями\n- **кто управляет** *домен* — какие ваши группы (и кто в них) могут управлять клиентом\n- **что может** *e-mail* **управлять** — какими клиентами может управлять коллега, через какую группу и роль\n- **экспорт** — ваши приглашения и отношения в файле CSV\n- **отменить** *код* / **повторить** *код* — отменить или повторно отправить ожидающее приглашение\n- **добавить azure** *домен* — добавить подписку Azure клиенту, с которым вы работаете\n- **language en** / **language ru**',
  'help.customer':
    'Вы — {name} в {organisation}. Приглашения партнёров приходят глобальным администраторам и администраторам делегированных административных отношений клиента вашей организации в виде карточек, которые можно одобрить или отклонить.\n\n- **language en** / **language ru**',
  'help.unknown': 'Я помогаю партнёрам CSP приглашать клиентов. {how}',

  'role.adminAgent': 'агент администратора',
  'role.salesAgent': 'агент по продажам',
  'role.helpdeskAgent': 'агент службы поддержки',
  'role.globalAdministrator': 'глобальный администратор',
  'role.relationshipAdministrator': 'администратор делегированных административных отношений клиента',
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
  'form.tooManyTries':
    'Это уже третья попытка. Введите **отмена**, чтобы прекратить, **помощь** — для пояснения, или попробуйте ещё раз.',
  'form.nothingBack': 'Это первый вопрос, возвращаться некуда.',
  'form.hint': 'На любом вопросе можно ввести **назад**, **помощь** или **отмена**.',

  'invite.domain.unknownHere': 'Я не знаю организации с доменом **{domain}**.',
  'invite.domain.didYouMean':
    'Может быть, вы имели в виду **{likelier}**? Выберите его, или снова **{typed}**, чтобы пригласить этот домен, или введите другой.',
  'invite.domain.prompt':
    'Какого клиента вы хотите пригласить? Введите домен клиента, например contoso.onmicrosoft.com.',
  'invite.domain.help':
    'Нужен один из подтверждённых доменов клиента, например contoso.onmicrosoft.com или contoso.com. Я сразу скажу, разрешают ли правила Partner Center это приглашение и с какими партнёрами клиент уже работает.',
  'invite.domain.partners':
    '{customer} уже работает с {count|plural:otherPartner}: {partners}. Поддержка нескольких партнёров позволяет добавить и вас. Ваше приглашение не меняет существующие подписки клиента, не передаёт вам ни подписки, ни право владения учётной записью, не меняет условия и обязательства и оставляет зарегистрированного партнёра каждой подписки прежним.',
  'invite.domain.otherPartnersHidden':
    'При подключении к Partner Center я вижу только ваши собственные отношения с {customer}: других партнёров клиента видит только сам клиент.',
  'invite.domain.countryAssumed':
    'Microsoft не сообщил, в какой стране находится {customer}: я исхожу из вашего рынка, поэтому правило рынков (R8) проверит Microsoft при отправке запроса.',
  'invite.domain.atMicrosoft':
    'В Microsoft у вас есть отношения «{name}» с этим клиентом ({status|microsoftStatus}, заканчиваются {ends}). Новый запрос станет ещё одними отношениями.',
  'invite.domain.noneAtMicrosoft': 'У вас пока нет отношений с {customer} в Microsoft.',
  'invite.domain.microsoftUnavailable':
    'Microsoft не ответил, поэтому ваши отношения там не показаны; все правила здесь всё равно проверяются, а Microsoft проверит запрос при отправке.',
  'invite.domain.noTenantAtMicrosoft':
    'Microsoft не знает организации с доменом {domain}, поэтому запрос к ней будет отклонён. Проверьте домен и введите его снова.',
  'invite.domain.noPartners': 'У {customer} пока нет партнёров.',
  'invite.domain.onlyYou.relationships':
    'Других партнёров {customer} этот бот не знает; у вас с этим клиентом уже есть {relationships|plural:relationship}.',
  'invite.domain.onlyYou.pending':
    'Других партнёров {customer} этот бот не знает; решения этого клиента уже ждут ваши {pending|plural:invitation}.',
  'invite.domain.onlyYou.both':
    'Других партнёров {customer} этот бот не знает; у вас с этим клиентом уже есть {relationships|plural:relationship}, и его решения ждут ваши {pending|plural:invitation}.',
  'invite.domain.unknownTenant':
    'Я пока не знаю клиента с доменом {domain}. Пригласить его можно: правила будут проверены ещё раз, когда ответит его администратор.',
  'invite.domain.activeRelationship':
    'У вас уже есть отношения «{name}» с этим клиентом (роли: {roles}). Этот запрос станет отдельными отношениями; существующие останутся как есть.',
  'invite.services.prompt':
    'Какие услуги вы будете оказывать ({services})? Выберите одну или введите несколько через запятую.',
  'invite.services.help':
    'Услуги говорят, что вы будете делать для клиента: Microsoft 365, Azure, Dynamics 365 или другое. Введите, например, «Microsoft 365, Azure».',
  'invite.services.invalid': 'Выберите хотя бы одно: Microsoft 365, Azure, Dynamics 365, Другое.',
  'invite.roles.prompt':
    'Какие роли администратора вы запрашиваете? Сначала наименее привилегированные; введите номера или названия через запятую либо **нет ролей** — только отношения реселлера.\n\n{list}',
  'invite.roles.promptRequired':
    'Какие роли администратора вы запрашиваете? Сначала наименее привилегированные; введите номера или названия через запятую. В облаке для государственных организаций США нужна хотя бы одна.\n\n{list}',
  'invite.roles.help':
    'Роли администратора (GDAP) позволяют вашим сотрудникам администрировать клиента. Запрашивайте минимум необходимого. С **нет ролей** вы просите только отношения реселлера — этого достаточно для управления подписками Azure, которые вы создаёте.',
  'invite.roles.salesOnly':
    'Как агент по продажам вы можете запросить только отношения реселлера, поэтому роли администратора я не спрашиваю.',
  'invite.roles.current': 'Сейчас запрошены: {roles}. Введите **оставить**, чтобы оставить их.',
  'invite.roles.invalidNumber': '«{value}» — не номер из списка (1–{max}).',
  'invite.duration.prompt': 'На сколько дней (1–730)? По умолчанию 730 дней, два года.',
  'invite.duration.help':
    'Роли администратора выдаются на ограниченный срок: от 1 до 730 дней (два года). Бессрочного доступа нет.',
  'invite.autoExtend.prompt': 'Продлевать роли автоматически на 180 дней в конце каждого срока?',
  'invite.autoExtend.help':
    'С автопродлением роли продлеваются на 180 дней в конце каждого срока, пока кто-нибудь его не отключит или отношения не прекратятся.',
  'invite.autoExtend.globalAdmin':
    'С ролью глобального администратора автопродление невозможно, поэтому оно выключено.',
  'invite.autoExtend.invalid': 'Ответьте **да** или **нет**.',
  'invite.email.prompt':
    'Адрес электронной почты администратора клиента, которому адресовано приглашение? Необязательно: **пропустить**, если вы его не знаете.',
  'invite.email.help':
    'Если указать адрес, приглашение будет адресовано этому администратору. Решение всё равно может принять любой глобальный администратор или администратор делегированных административных отношений клиента.',
  'invite.message.prompt': 'Сообщение для клиента (не больше 500 символов)? Необязательно: **пропустить**.',
  'invite.message.help': 'Сообщение показывается на карточке приглашения, например почему вы просите эти роли.',
  'invite.name.taken':
    'У вас уже есть отношения или ожидающий запрос с названием «{name}». Введите другое название или **оставить**, чтобы использовать «{proposed}».',
  'invite.name.takenAtSend':
    'Ничего не отправлено: тем временем другой запрос вашей организации занял имя «{name}». Выберите другое имя; остальные ответы сохранены.',
  'invite.name.prompt':
    'Отношения будут называться «{name}»: клиент видит это название, после одобрения его нельзя изменить. Оставьте его или введите другое (не больше 50 символов).',
  'invite.name.help':
    'Каждый одобренный запрос становится отдельными отношениями со своим названием, как в Partner Center. Название должно быть новым для вашей организации.',
  'invite.domain.pending':
    'Ваш запрос {code} («{name}», роли: {roles}) ожидает решения. Для другого запроса нужны другие роли.',
  'field.relationshipName': 'Отношения',
  'button.keep': 'Оставить',
  'command.keep': 'оставить',
  'invite.summary.prompt': 'Вот приглашение. Отправить?',
  'invite.summary.help':
    '**отправить** — отправить приглашение, **изменить** — поменять ответ, **отмена** — прекратить, ничего не сохраняя.',
  'invite.summary.invalid': 'Выберите **отправить**, **изменить** или **отмена**.',
  'invite.edit.prompt': 'Что вы хотите изменить? Введите одно из: {fields}; или **назад**, чтобы вернуться к сводке.',
  'invite.edit.help': 'Выберите ответ, который нужно изменить; после него я снова покажу сводку.',
  'invite.edit.invalid': 'Выберите один из показанных ответов.',
  'invite.sent':
    'Приглашение **{code}** отправлено клиенту {customer}. Если по нему не будет решения, срок истечёт {expires} Одобрить или отклонить его может глобальный администратор или администратор делегированных административных отношений клиента ({customer}); о решении я сообщу здесь.',
  'invite.sentToMicrosoft':
    'Приглашение **{code}** для {customer} регистрируется в Microsoft. Когда Microsoft его примет, {customer} получит карточку, а вы — ссылки для передачи клиенту; глобальный администратор или администратор делегированных административных отношений клиента ({customer}) одобряет его в Центре администрирования Microsoft 365, и я сообщу здесь, когда отношения станут активными. Если его не одобрят, срок истечёт {expires}.',
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
  'value.days': '{days|plural:day}',
  'value.notApplicable': '—',
  'value.partnerWithId': '{name} (Partner ID {mpnId})',
  'value.subscription': '{product} ×{quantity}',
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

  'card.title': '{partner} приглашает {customer} к сотрудничеству',
  'card.subtitle': 'Partner ID {mpnId} · приглашение {code}',
  'card.waiting':
    'Ожидает решения: глобальный администратор или администратор делегированных административных отношений клиента ({customer}).',
  'card.approved': 'Одобрено: {name}, {date}',
  'card.declined':
    'Отклонено: {name}, {date} Решение записано этим ботом и отправлено партнёру: у Майкрософт нет отклонения запроса на отношения администрирования.',
  'card.declinedReason':
    'Отклонено: {name}, {date}: «{reason}». Решение записано этим ботом и отправлено партнёру: у Майкрософт нет отклонения запроса на отношения администрирования.',
  'card.expired': 'Срок истёк {date}: за 90 дней решения не было.',
  'card.withdrawn': 'Отозвано партнёром {partner}.',
  'card.partners': 'Партнёры, с которыми {customer} уже работает',
  'card.partnersAtMicrosoft':
    'Этот бот видит только отношения {partner} с {customer}, а не других ваших партнёров: полный список партнёров — в Центре администрирования Microsoft 365.',
  'card.openPartnersList': 'Все ваши партнёры (Центр администрирования)',
  'card.noPartners': 'Пока нет.',
  'card.unchanged': 'Что одобрение не меняет',
  'card.unchanged.subscriptions':
    'Ни одна из ваших существующих подписок не меняется: продукт, количество и состояние остаются прежними.',
  'card.unchanged.ownership': 'Новому партнёру не передаются ни подписки, ни право владения учётной записью.',
  'card.unchanged.terms': 'Условия и ваши обязательства по каждой существующей подписке остаются прежними.',
  'card.unchanged.partnerOfRecord': 'Зарегистрированный партнёр каждой подписки остаётся прежним.',
  'card.reason': 'Причина отказа (необязательно)',
  'card.approve': 'Одобрить',
  'card.decline': 'Отклонить',
  'card.refresh': 'Обновить',
  'card.rolesTitle': 'Запрошенные роли администратора',
  'card.resellerOnly': 'Только отношения реселлера, без ролей администратора',
  'card.autoExtendOn': 'Да, на 180 дней в конце каждого срока',
  'card.reminder': 'Напоминание: срок этого приглашения истекает {date}, если по нему не будет решения.',
  'code.which': 'Какое приглашение? Введите **code** и его код, например `code ABC-123`.',
  'notify.approved': '{customer} одобрил ваше приглашение {code}',
  'notify.declined': '{customer} отклонил ваше приглашение {code} (решение записано этим ботом, а не Майкрософт)',
  'notify.expired': 'Срок вашего приглашения {code} для {customer} истёк',
  'notify.terminatedByCustomer': '{customer} прекратил отношения с {partner}',
  'notify.terminatedByPartner': '{partner} прекратил отношения с {customer}',
  'field.decision': 'Решение',
  'field.by': 'Кто',
  'field.when': 'Когда',
  'field.reason': 'Причина',
  'field.grantedRoles': 'Выданные роли',
  'field.endsAt': 'Действует до',
  'field.subscriptions': 'Подписки',
  'value.unchangedSubscriptions': 'Без изменений: они остаются у своих зарегистрированных партнёров.',
  'notice.expiring': 'Отношения «{name}» между {partner} и {customer} заканчиваются через {days|plural:day}',
  'notice.expiring.text':
    'Они не будут продлены автоматически. Включите автопродление, чтобы сохранить их (на 180 дней в конце каждого срока), или запросите их снова под новым названием.',
  'notice.expiring.globalAdmin':
    'Они включают роль глобального администратора, поэтому не продлеваются автоматически: чтобы сохранить доступ, запросите их снова под новым названием.',
  'notice.expired': 'Отношения «{name}» между {partner} и {customer} закончились',
  'notice.expired.text': 'Их роли больше не действуют. Запросите их снова, чтобы работать с клиентом, как прежде.',
  'notice.extended': 'Отношения «{name}» между {partner} и {customer} продлены до {date}',
  'field.customer': 'Клиент',
  'field.partner': 'Партнёр',
  'button.turnOffAutoExtendNamed': 'Выключить автопродление: {name}',
  'relationship.autoExtendOff':
    'Автопродление для «{name}» выключено: отношения закончатся в срок. Другая сторона уведомлена.',
  'button.turnOnAutoExtend': 'Включить автопродление',
  'button.requestAgain': 'Запросить снова',
  'relationship.autoExtendOn':
    'Для «{name}» включено автопродление: отношения продлеваются на 180 дней в конце каждого срока, пока его не отключат.',
  'notice.autoExtendOn': '{by} включил автопродление для «{name}» между {partner} и {customer}',
  'notice.autoExtendOff': '{by} отключил автопродление для «{name}» между {partner} и {customer}',
  'button.terminate': 'Прекратить',
  'button.turnOffAutoExtend': 'Выключить автопродление',
  'button.changeAccess': 'Изменить доступ',
  'button.terminateNamed': 'Прекратить «{name}»',
  'button.backToSummary': 'Назад к сводке',
  'command.backToSummary': 'назад к сводке',
  'command.ending': 'заканчиваются',
  'ending.title': 'Отношения, которые заканчиваются в ближайшие {days|plural:day}',
  'ending.none': 'Ни одни ваши отношения не заканчиваются в ближайшие {days|plural:day}.',
  'summary.sent': 'Отправлено: приглашение **{code}**.',
  'partners.title': 'Партнёры {customer}',
  'partners.intro':
    'У {customer} {count|plural:partner}. Поддержка нескольких партнёров: {customer} может работать с несколькими партнёрами одновременно, с каждым — в том, что он делает лучше. У каждого свои подписки.',
  'partners.none': '{customer} пока не работает ни с одним партнёром.',
  'customers.title': 'Клиенты {partner}',
  'customers.none': 'У {partner} пока нет действующих отношений с клиентами.',
  'relationship.since': 'С',
  'relationship.roles': 'Роли администратора',
  'relationship.ends': 'Действует до',
  'relationship.subscriptions': 'Зарегистрированный партнёр для',
  'relationship.noSubscriptions': 'Нет подписок',
  'relationship.noRelationship': 'Нет действующих отношений; зарегистрированный партнёр существующих подписок',
  'terminate.prompt':
    'Прекратить отношения между {partner} и {customer}? {partner} теряет роли администратора и отношения реселлера. Существующие подписки остаются без изменений, у своих зарегистрированных партнёров. Другая сторона получит уведомление.',
  'terminate.help':
    'Прекращение завершает отношения для обеих сторон. Отменить его нельзя; понадобится новое приглашение. Подписки не меняются.',
  'terminate.invalid': 'Ответьте **да** или **нет**.',
  'terminate.done':
    'Отношения между {partner} и {customer} прекращены; другая сторона получает уведомление. Подписки не изменились.',
  'terminate.kept': 'Ничего не изменилось; отношения продолжаются.',
  'help.customerAdmin':
    'Вы — {name}, {roles} в {organisation}. Приглашения партнёров приходят вам в виде карточек, которые можно одобрить или отклонить.\n\n- **партнёры** — партнёры, с которыми работает {organisation}, с возможностью прекратить отношения\n- **кто управляет** *ваш домен* — какие партнёры могут управлять {organisation} и с какими ролями\n- **приглашения** — приглашения, ожидающие решения\n- **code** *ABC-123* — показать карточку приглашения\n- **история** *ABC-123* — что произошло с приглашением\n- **language en** / **language ru**',
  'button.open': 'Открыть',
  'summary.title': 'Приглашение для {customer}',
  'invitations.title': 'Приглашения {organisation}',
  'invitations.page': 'Страница {page} из {pages} · {total|plural:invitation}',
  'relationships.page': 'Страница {page} из {pages} · {total|plural:relationship}',
  'invitations.none':
    'Ваша организация ещё не отправила ни одного приглашения. Введите **пригласить**, чтобы отправить.',
  'invitations.cancelled': 'Приглашение **{code}** отменено; на карточке клиента теперь видно, что оно отозвано.',
  'invitations.cancelledAtMicrosoft':
    'Приглашение **{code}** отозвано здесь, и карточка клиента это показывает. Microsoft не позволяет отозвать запрос, ожидающий одобрения: он остаётся в Центре администрирования Microsoft 365 до {expires}. Если клиент всё же одобрит его там, отношения возникнут, и я сообщу вам.',
  'invitations.resent':
    'Приглашение **{code}** отправляется повторно: {names} ({customer}), в их чат с ботом. Оно по-прежнему истекает {expires}.',
  'invitations.resentNotYet':
    'Ничего не отправлено: приглашение **{code}** ещё не передано в Microsoft. Карточка уйдёт администраторам клиента, как только это произойдёт. Оно истекает {expires}.',
  'invitations.resentNobody':
    'Ничего не отправлено: бот пока не знает никого в {domain}. Администратор увидит приглашение **{code}**, когда впервые напишет боту, или по коду. Оно истекает {expires}.',

  'azure.domain.prompt': 'Для какого клиента? Введите его домен.',
  'azure.domain.help':
    'Подписку Azure можно добавить клиенту, с которым у вас есть действующие отношения, даже если Azure ему уже предоставляет другой партнёр.',
  'azure.confirm.prompt':
    'У {customer} есть такие подписки, и они останутся без изменений: {subscriptions}. Добавить новый план Azure, где зарегистрированный партнёр — {organisation}?',
  'azure.confirm.noSubscriptions':
    'У {customer} пока нет подписок. Добавить новый план Azure, где зарегистрированный партнёр — {organisation}?',
  'azure.confirm.help': 'Добавление подписки Azure не меняет существующие подписки; новая подписка — ваша.',
  'azure.confirm.invalid': 'Ответьте **да** или **нет**.',
  'azure.subscription': '{product} ×{quantity} (зарегистрированный партнёр: {partner})',
  'azure.added':
    'План Azure для {customer} добавлен; зарегистрированный партнёр — {organisation}. Остальные подписки не изменились.',
  'azure.notAdded': 'Ничего не добавлено.',

  'refusal.unknownPartnerUser':
    'Вы не пользователь партнёра, известного этому боту, поэтому не можете отправлять приглашения и управлять ими.',
  'refusal.rolesNeedAdminAgent':
    'Только агент администратора может отправить приглашение с запросом ролей администратора. Обратитесь к агенту администратора вашей организации или запросите только отношения реселлера.',
  'refusal.notAllowedToAddSubscription':
    'Добавлять подписки для клиента могут только агент администратора или агент по продажам.',
  'refusal.notAllowedToInvite':
    'Отправлять приглашения могут только агент администратора или агент по продажам; ваша роль в Partner Center этого не позволяет.',
  'refusal.customerIsCspPartner':
    '{customer} сам зарегистрирован как партнёр CSP, а партнёр CSP не может перепродавать услуги другому партнёру CSP.',
  'refusal.otherCloud':
    '{customer} находится {customerCloud|key:cloud}, а ваша организация — {partnerCloud|key:cloud}; это разные облака, приглашать можно только клиентов своего облака.',
  'refusal.otherCountry':
    'Страна или регион {customer} — «{customerCountry|region}» — за пределами рынка CSP, который обслуживает ваша организация ({partnerMarket|market}); приглашать можно только клиентов своего рынка.',
  'refusal.usGovNeedsRoles':
    'Партнёр в облаке для государственных организаций США не может отправить приглашение только на отношения реселлера: выберите хотя бы одну роль администратора.',
  'refusal.pendingExists':
    'У вас уже есть ожидающее приглашение {code} для {customer} с точно такими же ролями. Отправьте его повторно или отмените, вместо того чтобы отправлять новое.',
  'refusal.tooManyInvitations':
    'За последний час вы отправили {limit|number} приглашений — столько, сколько разрешено за час. Следующее можно отправить с {at|time}. Ничего не отправлено.',
  'refusal.tooManyPending':
    'У вашей организации уже {limit|number} ожидающих приглашений для {customer} — больше одновременно нельзя. Новое можно отправить, когда одно из них будет одобрено, отклонено или отменено, или {at|date}, когда истечёт {code}. Ничего не отправлено.',
  'refusal.resendTooSoon':
    'Приглашение {code} уже отправлялось повторно меньше часа назад. Повторно отправить его можно с {at|time}. Ничего не отправлено.',
  'refusal.relationshipNameTaken':
    'У вашей организации уже есть отношения или ожидающий запрос с названием «{name}». Выберите другое название.',
  'refusal.mixedScriptName':
    'В слове «{word}» смешаны буквы разных алфавитов (латиница, греческий, кириллица) — так выглядят имена, подражающие чужим. Напишите его буквами одного алфавита.',
  'refusal.invalidRelationshipName':
    'Название отношений содержит от 1 до {max|number} символов; в «{value}» их {length|number}.',
  'refusal.notCustomerAdmin':
    'Одобрить или отклонить это приглашение может только глобальный администратор или администратор делегированных административных отношений клиента в приглашённой организации. Ничего не изменено.',
  'refusal.notCustomerUser': 'Вы не пользователь клиента, известного этому боту.',
  'refusal.alreadyDecided': 'Это приглашение уже {status|key:decided}: {by}, {at|date} Ничего не изменено.',
  'refusal.notPending': 'Приглашение {code} {status|key:decided}, его уже нельзя изменить.',
  'refusal.expired':
    'Срок приглашения {code} истёк {at|date}: за 90 дней по нему не было решения. Его больше нельзя одобрить; партнёр может отправить новое.',
  'refusal.withdrawn': 'Приглашение {code} отозвано партнёром, его больше нельзя одобрить или отклонить.',
  'refusal.notInvitingPartner':
    'Отменить или повторно отправить это приглашение может только партнёр, который его отправил.',
  'refusal.unknownRole': '«{role}» — неизвестная роль администратора. Выберите из списка: {known|roles}.',
  'refusal.durationOutOfRange': 'Срок должен быть целым числом дней от 1 до 730 (два года); «{value}» не подходит.',
  'refusal.autoExtendWithGlobalAdmin':
    'Автопродление нельзя запросить вместе с ролью глобального администратора. Отключите автопродление или уберите роль глобального администратора.',
  'refusal.notRelationshipSide':
    'Прекратить эти отношения может только агент администратора партнёра или глобальный администратор или администратор делегированных административных отношений клиента; автопродление меняют агенты администратора партнёра или глобальные администраторы клиента.',
  'refusal.relationshipNotActive': 'Эти отношения уже {status|key:relationshipStatus}.',
  'refusal.noActiveRelationship':
    'Чтобы добавить подписку Azure для {customer}, нужны действующие отношения с этим клиентом.',
  'refusal.invalidDomain': '«{value}» — не доменное имя. Введите домен клиента, например contoso.onmicrosoft.com.',
  'refusal.invalidEmail': '«{value}» — не адрес электронной почты. Введите адрес вида admin@contoso.com.',
  'refusal.invalidServices': 'Выберите хотя бы одну услугу из списка: {known}.',
  'refusal.textTooLong':
    'Поле «{field|key:textField}» может содержать не больше {max|number} символов, а у вас {length|number}.',
  'refusal.invalidQuantity': '«{value}» — недопустимое количество: укажите целое число от 1 до 10000.',
  'refusal.unknownInvitation': 'Приглашения {value} не существует. Проверьте код (он выглядит как ABC-123).',
  'refusal.invitationNotVisible': 'Приглашения {value} не существует. Проверьте код (он выглядит как ABC-123).',
  'refusal.unknownRelationship': 'Отношений {value} не существует.',
  'refusal.unknownCustomer': 'Клиента {value} нет в каталоге.',
  'refusal.whoManagesNeedsAdminAgent':
    'Спросить, кто управляет клиентом, может только агент администратора вашей организации.',
  'refusal.unknownPartnerPerson': 'В вашей организации нет никого с адресом {value}.',
  'refusal.selfDeclaredIdentity':
    'Вход по адресу электронной почты есть только в локальном режиме без учётных данных, для проверки. Этот бот проверяет, кто вы, через Bot Framework: пользуйтесь им из Teams.',
  'refusal.invalidDecision': '«{value}» — не решение: допустимо только «одобрить» или «отклонить».',

  'cloud.commercial': 'в коммерческом облаке',
  'cloud.usgov': 'в облаке для государственных организаций США',
  'decided.pending': 'ожидает решения',
  'decided.approved': 'одобрено',
  'decided.declined': 'отклонено',
  'decided.expired': 'истекло',
  'decided.cancelled': 'отменено',
  'relationshipStatus.active': 'действуют',
  'relationshipStatus.expired': 'истекли',
  'relationshipStatus.terminated': 'прекращены',
  'textField.message': 'сообщение',
  'textField.reason': 'причина',

  'plural.day.one': '# день',
  'plural.day.few': '# дня',
  'plural.day.many': '# дней',
  'plural.day.other': '# дня',
  'plural.otherPartner.one': '# другим партнёром',
  'plural.otherPartner.few': '# другими партнёрами',
  'plural.otherPartner.many': '# другими партнёрами',
  'plural.otherPartner.other': '# другими партнёрами',
  'plural.partner.one': '# партнёр',
  'plural.partner.few': '# партнёра',
  'plural.partner.many': '# партнёров',
  'plural.partner.other': '# партнёра',
  'plural.relationship.one': '# отношение',
  'plural.relationship.few': '# отношения',
  'plural.relationship.many': '# отношений',
  'plural.relationship.other': '# отношения',
  'plural.invitation.one': '# приглашение',
  'plural.invitation.few': '# приглашения',
  'plural.invitation.many': '# приглашений',
  'plural.invitation.other': '# приглашения',

  'adminRole.directoryReaders.explanation': 'Читает основные сведения каталога: пользователей, группы, устройства.',
  'adminRole.globalReader.explanation': 'Видит всё, что видит глобальный администратор, но ничего не меняет.',
  'adminRole.serviceSupportAdministrator.explanation':
    'Создаёт запросы в поддержку Майкрософт и читает состояние служб.',
  'adminRole.helpdeskAdministrator.explanation':
    'Сбрасывает пароли пользователей без ролей администратора и работает с запросами в поддержку.',
  'adminRole.licenseAdministrator.explanation': 'Назначает и снимает лицензии пользователей.',
  'adminRole.userAdministrator.explanation':
    'Создаёт пользователей и группы, управляет ими, сбрасывает большинство паролей.',
  'adminRole.exchangeAdministrator.explanation':
    'Управляет Exchange Online: почтовыми ящиками, потоком почты, настройками.',
  'adminRole.sharePointAdministrator.explanation': 'Управляет SharePoint Online и OneDrive.',
  'adminRole.teamsAdministrator.explanation': 'Управляет Microsoft Teams и его политиками.',
  'adminRole.securityAdministrator.explanation':
    'Управляет параметрами безопасности, Defender и защитой идентификаторов.',
  'adminRole.globalAdministrator.explanation':
    'Полный контроль над клиентом; запрашивайте, только если без этого не обойтись.',

  'notify.unreachable': 'Не удалось связаться с {person} по вашему приглашению {code}',
  'notify.unreachableDetail':
    'Попыток: {attempts|number}. Карточка ждёт получателя: она появится, когда он напишет боту, или по команде **code {code}**.',
  'field.lastError': 'Последняя ошибка',
  'field.recipient': 'Получатель',

  // R16: названия ролей Entra так, как их пишет Майкрософт в русском интерфейсе.
  'adminRole.directoryReaders.name': 'Читатели каталогов',
  'adminRole.globalReader.name': 'Глобальный читатель',
  'adminRole.serviceSupportAdministrator.name': 'Администратор поддержки служб',
  'adminRole.helpdeskAdministrator.name': 'Администратор службы поддержки',
  'adminRole.licenseAdministrator.name': 'Администратор лицензий',
  'adminRole.userAdministrator.name': 'Администратор пользователей',
  'adminRole.exchangeAdministrator.name': 'Администратор Exchange',
  'adminRole.sharePointAdministrator.name': 'Администратор SharePoint',
  'adminRole.teamsAdministrator.name': 'Администратор Teams',
  'adminRole.securityAdministrator.name': 'Администратор безопасности',
  'adminRole.globalAdministrator.name': 'Глобальный администратор',

  'market.europe': 'европейский рынок (ЕС/ЕЭЗ, Великобритания и Швейцария)',

  'access.title': 'Назначение доступа для «{name}»',
  'access.doneTitle': 'Доступ для «{name}» назначен',
  'access.intro':
    'Никто в вашей организации не сможет пользоваться этими ролями, пока вы не назначите их своим группам безопасности. Выберите для каждой группы, какие роли из этих отношений получат её участники; группа никогда не получает ролей, которые клиент не одобрил.',
  'access.noGroups':
    'В каталоге пока нет групп безопасности вашей организации, поэтому назначать доступ некому. Попросите того, кто управляет вашей учётной записью Partner Center, добавить их.',
  'access.search': 'Найти группы безопасности по названию',
  'access.searchHint': 'например, helpdesk tier',
  'access.noGroupFound': 'Ни в одном названии ваших групп безопасности нет «{words}». Попробуйте другие слова.',
  'button.searchGroups': 'Найти группы',
  'access.assigned': 'Доступ для «{name}» назначен: {summary}.',
  'field.access': 'Доступ',
  'value.noAccessAssigned': 'Доступ не назначен',
  'value.accessAssignedCount': 'Назначен: {count|plural:securityGroup}',
  'button.assignAccess': 'Назначить доступ',
  'button.assignAccessNamed': 'Назначить доступ для «{name}»',
  'button.changeAccessNamed': 'Изменить доступ для «{name}»',
  'notify.approved.assign':
    'Никто в {partner} не сможет пользоваться этими ролями, пока вы не назначите их своим группам безопасности.',
  'notice.accessReminder': 'Ни у кого в {partner} пока нет доступа по отношениям «{name}»',
  'notice.accessReminder.text':
    'Клиент одобрил роли, но они не назначены ни одной группе безопасности, поэтому ваши сотрудники ничего не получили. Назначьте их сейчас; я буду напоминать раз в день ещё {days|plural:day}.',
  'notice.accessReminder.last':
    'Клиент одобрил роли, но они не назначены ни одной группе безопасности, поэтому ваши сотрудники ничего не получили. Это последнее напоминание.',
  'plural.securityGroup.one': '# группа безопасности',
  'plural.securityGroup.few': '# группы безопасности',
  'plural.securityGroup.many': '# групп безопасности',
  'plural.securityGroup.other': '# группы безопасности',
  'refusal.accessNeedsAdminAgent':
    'Назначать роли из отношений группам безопасности может только агент администратора партнёра.',
  'refusal.nothingToAssign': '«{name}» — отношения реселлера без ролей администратора: назначать нечего.',
  'refusal.unknownSecurityGroup': 'В вашей организации нет группы безопасности {value}.',
  'refusal.roleNotInRelationship':
    'Отношения «{name}» не включают роль «{role|roles}», поэтому группа {group} не может её получить: группа получает только одобренные клиентом роли.',
  'refusal.noAccessChosen': 'Чтобы назначить доступ для «{name}», выберите хотя бы одну роль хотя бы для одной группы.',

  'command.history': 'история',
  'command.export': 'экспорт',
  'history.which':
    'Какое приглашение или отношения? Введите **история** и код приглашения, например `история ABC-123`, или название отношений.',
  'history.relationshipTitle': 'История «{name}»',
  'field.origin': 'Создано',
  'value.madeOutsideBot': 'Вне этого бота (в Partner Center или другим инструментом), найдено в Microsoft',
  'history.title': 'История {code}: «{name}»',
  'field.relationshipStatus': 'Отношения',
  'history.created': 'Отправлено: {by}',
  'history.resent': 'Отправлено повторно: {by}',
  'history.reminded': 'Отправлено напоминание: на решение осталось 7 дней',
  'history.approved': 'Одобрено: {by}; отношения начались',
  'history.declined': 'Отклонено: {by} (решение записано этим ботом, а не Майкрософт)',
  'history.declinedReason': 'Отклонено: {by} (решение записано этим ботом, а не Майкрософт): «{reason}»',
  'history.expired': 'Срок истёк: за 90 дней решения не было',
  'history.cancelled': 'Отозвано: {by}',
  'history.delivered': 'Карточка доставлена: {to}',
  'history.notDelivered': 'Не удалось доставить карточку: {to}: {error}',
  'history.relationshipCreated': 'Отношения начались',
  'history.extended': 'Продлено автоматически до {date}',
  'history.autoExtendOn': 'Автопродление включил(а) {by}',
  'history.autoExtendOff': 'Автопродление отключил(а) {by}',
  'history.relationshipExpired': 'Отношения закончились в дату окончания',
  'history.terminated': 'Прекращено: {by}',
  'history.expiryWarned': 'Обе стороны предупреждены: осталось {days|plural:day}',
  'history.accessAssigned': 'Доступ назначил(а) {by}: {groups}',
  'history.accessReminded': 'Напоминание о назначении доступа',
  'history.imported':
    'Найдено в Microsoft (создано в Partner Center или другим инструментом); статус там: {note|microsoftStatus}',
  'export.title': 'Приглашения и отношения {partner}',
  'export.inline':
    'Здесь нельзя отправить файл, поэтому вот CSV ({count|plural:row}); в чате Teams со мной команда **экспорт** пришлёт его файлом.',
  'export.more': '… и ещё {count|plural:row}: в чате Teams со мной команда **экспорт** пришлёт весь файл.',
  'export.consent': 'Приглашения и отношения {partner} в файле CSV ({count|plural:row})',
  'export.sent': 'Вот файл: {count|plural:row}.',
  'export.declined': 'Ничего не экспортировано.',
  'export.failed': 'Не удалось загрузить файл в ваш OneDrive ({reason}). Попробуйте **экспорт** ещё раз.',
  'export.kind.invitation': 'Приглашение',
  'export.kind.relationship': 'Отношения',
  'export.column.kind': 'Тип',
  'export.column.code': 'Код',
  'export.column.name': 'Название отношений',
  'export.column.customer': 'Клиент',
  'export.column.domain': 'Домен',
  'export.column.roles': 'Роли администратора',
  'export.column.status': 'Состояние',
  'export.column.from': 'Отправлено или начато',
  'export.column.decided': 'Решено или прекращено',
  'export.column.until': 'Истекает или заканчивается',
  'export.column.autoExtend': 'Автопродление',
  'export.column.accessAssigned': 'Доступ назначен',
  'plural.row.one': '# строка',
  'plural.row.few': '# строки',
  'plural.row.many': '# строк',
  'plural.row.other': '# строки',
  // Подключение к Partner Center (PARTNER_CENTER=graph)
  'language.self': 'русский',
  'card.microsoftApproval':
    'Microsoft требует, чтобы этот запрос одобрил глобальный администратор или администратор делегированных административных отношений клиента ({customer}) в Центре администрирования Microsoft 365. Бот следит за ним там и обновляет эту карточку.',
  'card.microsoftPreparing': 'Запрос регистрируется в Microsoft; ссылка для одобрения появится вскоре.',
  'card.microsoftActivating': 'Одобрено в Microsoft: Microsoft активирует отношения.',
  'card.openAdminCenter': 'Одобрить в Центре администрирования Microsoft 365',
  'card.openReseller': 'Принять отношения с реселлером',
  'card.resellerNote':
    'Отношения с реселлером принимаются по отдельной ссылке Microsoft: примите их там, затем ответьте здесь.',
  'notify.requestAtMicrosoft': 'Ваш запрос {code} для {customer} передан в Microsoft',
  'notify.requestAtMicrosoft.detail':
    'Глобальный администратор или администратор делегированных административных отношений клиента ({customer}) одобряет его в Центре администрирования Microsoft 365; я слежу за ним там и сообщу, когда отношения станут активными. Если клиент не пользуется этим ботом в Teams, отправьте ему текст ниже.',
  'notify.requestDelayed': 'Microsoft не отвечает по запросу {code} для {customer}',
  'notify.requestDelayedDetail':
    'Я продолжаю попытки до {until}; ничего не потеряно. Если Microsoft так и не ответит, я сообщу, и ничего не останется недоделанным.',
  'notify.requestFailed': 'Запрос {code} для {customer} не отправлен',
  'field.leftAtMicrosoft': 'Осталось в Microsoft',
  'value.leftAtMicrosoft':
    'Неотправленный черновик отношений {id} (не заблокирован для одобрения, поэтому одобрить его нельзя). Удалите его в Partner Center или оставьте: он ничего не даёт.',
  'card.adminRelationshipLink': 'Ссылка на административные отношения (GDAP)',
  'card.resellerLink': 'Ссылка на отношения с реселлером',
  'field.forCustomer': 'Для отправки клиенту ({language})',
  'share.adminRelationship':
    '{partner} запрашивает административный доступ к {customer} (запрос {code}). Глобальный администратор или администратор делегированных административных отношений клиента ({customer}) просматривает и одобряет его в Центре администрирования Microsoft 365: {url}',
  'share.reseller': 'Чтобы принять {partner} в качестве реселлера (отдельный шаг от запроса выше): {url}',
  'microsoft.status.created': 'создано, ещё не отправлено на одобрение',
  'microsoft.status.approvalPending': 'ожидает одобрения клиента',
  'microsoft.status.approved': 'одобрено',
  'microsoft.status.activating': 'активируется',
  'microsoft.status.active': 'активно',
  'microsoft.status.expiring': 'заканчивается',
  'microsoft.status.expired': 'истекло',
  'microsoft.status.terminationRequested': 'запрошено прекращение',
  'microsoft.status.terminating': 'прекращается',
  'microsoft.status.terminated': 'прекращено',
  'microsoft.failure.nameTaken':
    'У Microsoft уже есть ваши отношения с таким названием. Отправьте приглашение ещё раз под другим названием.',
  'microsoft.failure.requestRefused':
    'Microsoft отклонил запрос в таком виде (роль, срок или автопродление). Проверьте их и отправьте снова.',
  'microsoft.failure.permissionMissing':
    'Регистрации приложения бота не хватает разрешения Microsoft Graph или согласия администратора (DelegatedAdminRelationship.ReadWrite.All). Обратитесь к администратору; что нужно, описано в README, раздел «Connect to Partner Center».',
  'microsoft.failure.customerTenantNotFound':
    'Microsoft не знает организации с таким доменом. Проверьте домен клиента и отправьте снова.',
  'microsoft.failure.notFound': 'У Microsoft больше нет этих отношений.',
  'microsoft.failure.changedMeanwhile':
    'Отношения тем временем изменились в Microsoft. Посмотрите на них ещё раз и повторите.',
  'microsoft.failure.signInFailed':
    'Microsoft отклонил учётные данные приложения бота (секрет мог истечь или быть отозван). Попросите администратора обновить их; это не сбой Microsoft.',
  'microsoft.failure.alreadyEnded':
    'В Microsoft эти отношения уже прекращены или прекращаются (возможно, их прекратил клиент).',
  'microsoft.failure.groupNotFound':
    'В вашей организации в Microsoft больше нет такой группы безопасности (возможно, её удалили). Выберите другую группу.',
  'microsoft.failure.groupAlreadyAssigned':
    'Microsoft ещё выдаёт или отзывает прежний доступ этой группы. Повторите через несколько минут.',
  'microsoft.failure.accessRefused': 'Microsoft отклонил эти роли для этой группы. Проверьте группу и роли.',
  'microsoft.failure.autoExtendRefused':
    'Microsoft отказался изменить автопродление (оно недопустимо, пока в отношениях есть роль глобального администратора).',
  'microsoft.failure.unavailable':
    'Microsoft не ответил даже после повторных попыток. Ничего не осталось недоделанным; попробуйте позже.',
  'refusal.approveInAdminCenter':
    'Microsoft принимает одобрение {code} в Центре администрирования Microsoft 365, а не здесь: нажмите на карточке «Одобрить в Центре администрирования Microsoft 365».',
  'refusal.partnerCenterFailed': 'Ничего не изменилось: {failure|failure}',
  'refusal.accessAssignmentFailed': 'Для группы «{group}» ничего не изменилось: {failure|failure}',
  'history.sentToMicrosoft': 'Зарегистрирован в Microsoft и заблокирован для одобрения клиентом',
  'history.sendFailed': 'Не отправлен: {failure|failure}',
};
