// Every refusal names the rule that refuses and says why in English and Russian.

export type RuleId =
  | 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6' | 'R7' | 'R8' | 'R9' | 'R10'
  | 'R11' | 'R12' | 'R13' | 'R14' | 'R15' | 'R16' | 'R17' | 'R18' | 'R19' | 'R20';

export interface Text {
  en: string;
  ru: string;
}

export interface Refusal {
  rule: RuleId;
  code: RefusalCode;
  message: Text;
  /** Facts a client may show, e.g. the pending invitation's code or who decided. */
  details?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

type P = Record<string, string>;

// Partner Center's two clouds, as "where" phrases (R8).
const CLOUD: Record<string, Text> = {
  commercial: { en: 'in the commercial cloud', ru: 'в коммерческом облаке' },
  usgov: { en: 'in the US Government cloud', ru: 'в облаке для государственных организаций США' },
};

const catalogue = {
  unknownPartnerUser: {
    rule: 'R9',
    text: (_: P) => ({
      en: 'You are not a user of a partner known to this bot, so you cannot send or manage invitations.',
      ru: 'Вы не пользователь партнёра, известного этому боту, поэтому не можете отправлять приглашения и управлять ими.',
    }),
  },
  rolesNeedAdminAgent: {
    rule: 'R9',
    text: (_: P) => ({
      en: 'Only an admin agent can send an invitation that requests admin roles. Ask an admin agent of your organisation, or request the reseller relationship alone.',
      ru: 'Только агент-администратор может отправить приглашение с запросом ролей администратора. Обратитесь к агенту-администратору вашей организации или запросите только отношения реселлера.',
    }),
  },
  notAllowedToAddSubscription: {
    rule: 'R9',
    text: (_: P) => ({
      en: 'Only an admin agent or a sales agent can add subscriptions for a customer.',
      ru: 'Добавлять подписки для клиента могут только агент-администратор или агент по продажам.',
    }),
  },
  notAllowedToInvite: {
    rule: 'R9',
    text: (_: P) => ({
      en: 'Only an admin agent or a sales agent can send invitations; your Partner Center role does not allow it.',
      ru: 'Отправлять приглашения могут только агент-администратор или агент по продажам; ваша роль в Partner Center этого не позволяет.',
    }),
  },
  customerIsCspPartner: {
    rule: 'R7',
    text: (p: P) => ({
      en: `${p.customer} is itself enrolled as a CSP partner, and a CSP partner cannot resell to another CSP partner.`,
      ru: `${p.customer} сам зарегистрирован как партнёр CSP, а партнёр CSP не может перепродавать услуги другому партнёру CSP.`,
    }),
  },
  otherCloud: {
    rule: 'R8',
    text: (p: P) => ({
      en: `${p.customer} is ${CLOUD[p.customerCloud ?? '']?.en} and your organisation is ${CLOUD[p.partnerCloud ?? '']?.en}; the two are separate, so you can invite only customers in your own cloud.`,
      ru: `${p.customer} находится ${CLOUD[p.customerCloud ?? '']?.ru}, а ваша организация — ${CLOUD[p.partnerCloud ?? '']?.ru}; это разные облака, приглашать можно только клиентов своего облака.`,
    }),
  },
  otherCountry: {
    rule: 'R8',
    text: (p: P) => ({
      en: `${p.customer} is in ${p.customerCountry} and your organisation is in ${p.partnerCountry}; you can invite only customers in your own country or region.`,
      ru: `${p.customer} находится в стране ${p.customerCountry}, а ваша организация — в стране ${p.partnerCountry}; приглашать можно только клиентов своей страны или региона.`,
    }),
  },
  usGovNeedsRoles: {
    rule: 'R8',
    text: (_: P) => ({
      en: 'A partner in the US Government cloud cannot send a reseller-only invitation: choose at least one admin role.',
      ru: 'Партнёр в облаке для государственных организаций США не может отправить приглашение только на отношения реселлера: выберите хотя бы одну роль администратора.',
    }),
  },
  pendingExists: {
    rule: 'R13',
    text: (p: P) => ({
      en: `You already have a pending invitation ${p.code} for ${p.customer}. Resend it or cancel it instead of sending another.`,
      ru: `У вас уже есть ожидающее приглашение ${p.code} для ${p.customer}. Отправьте его повторно или отмените, вместо того чтобы отправлять новое.`,
    }),
  },
  notCustomerAdmin: {
    rule: 'R10',
    text: (_: P) => ({
      en: 'Only a Global Administrator of the invited organisation can approve or decline this invitation. Nothing was changed.',
      ru: 'Одобрить или отклонить это приглашение может только глобальный администратор приглашённой организации. Ничего не изменено.',
    }),
  },
  alreadyDecided: {
    rule: 'R11',
    text: (p: P) => ({
      en: `This invitation was already ${p.statusEn} by ${p.by} on ${p.at}. Nothing was changed.`,
      ru: `Это приглашение уже ${p.statusRu}: ${p.by}, ${p.at}. Ничего не изменено.`,
    }),
  },
  notPending: {
    rule: 'R11',
    text: (p: P) => ({
      en: `Invitation ${p.code} is ${p.statusEn}, so it can no longer be changed.`,
      ru: `Приглашение ${p.code} ${p.statusRu}, его уже нельзя изменить.`,
    }),
  },
  expired: {
    rule: 'R12',
    text: (p: P) => ({
      en: `Invitation ${p.code} expired on ${p.at} because nobody decided it within 90 days. It can no longer be approved; the partner can send a new one.`,
      ru: `Срок приглашения ${p.code} истёк ${p.at}: за 90 дней по нему не было решения. Его больше нельзя одобрить; партнёр может отправить новое.`,
    }),
  },
  withdrawn: {
    rule: 'R14',
    text: (p: P) => ({
      en: `Invitation ${p.code} was withdrawn by the partner, so it can no longer be approved or declined.`,
      ru: `Приглашение ${p.code} отозвано партнёром, его больше нельзя одобрить или отклонить.`,
    }),
  },
  notInvitingPartner: {
    rule: 'R14',
    text: (_: P) => ({
      en: 'Only the partner that sent this invitation can cancel or resend it.',
      ru: 'Отменить или повторно отправить это приглашение может только партнёр, который его отправил.',
    }),
  },
  unknownRole: {
    rule: 'R16',
    text: (p: P) => ({
      en: `"${p.role}" is not an admin role I know. Choose from: ${p.known}.`,
      ru: `«${p.role}» — неизвестная роль администратора. Выберите из списка: ${p.known}.`,
    }),
  },
  durationOutOfRange: {
    rule: 'R17',
    text: (p: P) => ({
      en: `The duration must be a whole number of days from 1 to 730 (two years); "${p.value}" is not.`,
      ru: `Срок должен быть целым числом дней от 1 до 730 (два года); «${p.value}» не подходит.`,
    }),
  },
  autoExtendWithGlobalAdmin: {
    rule: 'R18',
    text: (_: P) => ({
      en: 'Auto-extend cannot be requested together with the Global Administrator role. Turn auto-extend off or remove Global Administrator.',
      ru: 'Автопродление нельзя запросить вместе с ролью глобального администратора. Отключите автопродление или уберите роль глобального администратора.',
    }),
  },
  notRelationshipSide: {
    rule: 'R19',
    text: (_: P) => ({
      en: 'Only an admin agent of the partner or a Global Administrator of the customer can change or terminate this relationship.',
      ru: 'Изменить или прекратить эти отношения может только агент-администратор партнёра или глобальный администратор клиента.',
    }),
  },
  relationshipNotActive: {
    rule: 'R19',
    text: (p: P) => ({
      en: `This relationship is already ${p.statusEn}.`,
      ru: `Эти отношения уже ${p.statusRu}.`,
    }),
  },
  noActiveRelationship: {
    rule: 'R6',
    text: (p: P) => ({
      en: `You need an active relationship with ${p.customer} before you can add an Azure subscription for it.`,
      ru: `Чтобы добавить подписку Azure для ${p.customer}, нужны действующие отношения с этим клиентом.`,
    }),
  },
  invalidDomain: {
    rule: 'R20',
    text: (p: P) => ({
      en: `"${p.value}" is not a domain name. Type the customer's domain, for example contoso.onmicrosoft.com.`,
      ru: `«${p.value}» — не доменное имя. Введите домен клиента, например contoso.onmicrosoft.com.`,
    }),
  },
  invalidEmail: {
    rule: 'R20',
    text: (p: P) => ({
      en: `"${p.value}" is not an e-mail address. Type one like admin@contoso.com.`,
      ru: `«${p.value}» — не адрес электронной почты. Введите адрес вида admin@contoso.com.`,
    }),
  },
  invalidServices: {
    rule: 'R20',
    text: (p: P) => ({
      en: `Choose at least one service from: ${p.known}.`,
      ru: `Выберите хотя бы одну услугу из списка: ${p.known}.`,
    }),
  },
  textTooLong: {
    rule: 'R20',
    text: (p: P) => ({
      en: `The ${p.field} can be at most ${p.max} characters long; yours has ${p.length}.`,
      ru: `Поле «${p.field}» может содержать не больше ${p.max} символов, а у вас ${p.length}.`,
    }),
  },
  invalidQuantity: {
    rule: 'R20',
    text: (p: P) => ({
      en: `"${p.value}" is not a valid quantity: use a whole number from 1 to 10000.`,
      ru: `«${p.value}» — недопустимое количество: укажите целое число от 1 до 10000.`,
    }),
  },
  unknownInvitation: {
    rule: 'R20',
    text: (p: P) => ({
      en: `There is no invitation ${p.value}. Check the code (it looks like ABC-123).`,
      ru: `Приглашения ${p.value} не существует. Проверьте код (он выглядит как ABC-123).`,
    }),
  },
  unknownRelationship: {
    rule: 'R20',
    text: (p: P) => ({
      en: `There is no relationship ${p.value}.`,
      ru: `Отношений ${p.value} не существует.`,
    }),
  },
  unknownCustomer: {
    rule: 'R20',
    text: (p: P) => ({
      en: `There is no customer ${p.value} in the directory.`,
      ru: `Клиента ${p.value} нет в каталоге.`,
    }),
  },
  invalidDecision: {
    rule: 'R20',
    text: (p: P) => ({
      en: `"${p.value}" is not a decision: it must be approve or decline.`,
      ru: `«${p.value}» — не решение: допустимо только «одобрить» или «отклонить».`,
    }),
  },
  notCustomerUser: {
    rule: 'R10',
    text: (_: P) => ({
      en: 'You are not a user of a customer known to this bot.',
      ru: 'Вы не пользователь клиента, известного этому боту.',
    }),
  },
} as const satisfies Record<string, { rule: RuleId; text: (p: P) => Text }>;

export type RefusalCode = keyof typeof catalogue;

export function refusal(code: RefusalCode, params: P = {}): Refusal {
  const entry = catalogue[code];
  return { rule: entry.rule, code, message: entry.text(params), ...(Object.keys(params).length ? { details: params } : {}) };
}

export const refuse = <T>(code: RefusalCode, params: P = {}): Result<T> => ({ ok: false, refusal: refusal(code, params) });

/** Status words for messages, in both languages. */
export const STATUS_TEXT: Record<string, Text> = {
  pending: { en: 'pending', ru: 'ожидает решения' },
  approved: { en: 'approved', ru: 'одобрено' },
  declined: { en: 'declined', ru: 'отклонено' },
  expired: { en: 'expired', ru: 'истекло' },
  cancelled: { en: 'cancelled', ru: 'отменено' },
  active: { en: 'active', ru: 'действуют' },
  terminated: { en: 'terminated', ru: 'прекращены' },
};
