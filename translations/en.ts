// Every English word the bot shows a person. Placeholders: {name}, {name|date}, {name|time}, {name|plural:noun},
// {name|key:prefix}, {name|region}.

export const en = {
  // Commands: the words a person may type, also accepted in the other language.
  'command.cancel': 'cancel',
  'command.help': 'help',
  'command.whoManages': 'who manages',
  'command.whatCanManage': 'what can',
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
  'command.code': 'code',
  'command.partners': 'partners',
  'command.customers': 'customers',

  welcome:
    'Hello {name}! I help CSP partners invite customers and customers decide on invitations. Type **help** to see what I can do for you.',
  'welcome.unknown': "Hello! I help CSP partners invite customers. I don't know you yet: see **help**.",
  unknownUser: "I don't know you: only the users of the partners and customers in my directory can use this bot. {how}",
  'unknownUser.teams': 'Ask your administrator to add you to the directory.',
  'unknownUser.emulator':
    'In the Bot Framework Emulator, say who you are with **signin** and a demo e-mail, for example `signin alex@fabrikam.onmicrosoft.com`. Demo users: {users}.',
  'signin.done': 'You are now {name} ({organisation}) in this Emulator conversation.',
  'signin.unknown': 'There is no demo user {email}. Demo users: {users}.',
  'signin.notHere':
    'Sign-in by e-mail exists only in the Bot Framework Emulator; in Teams you are who Teams says you are.',
  notUnderstood: 'I didn\'t understand "{text}". Type **help** to see what I can do.',
  'notUnderstood.didYouMean':
    'I didn\'t understand "{text}". Did you mean **{likelier}**? Type **help** to see what I can do.',
  error: 'Sorry, something went wrong on my side. Please try again in a moment.',
  'error.storeGone': 'I cannot save anything right now, so nothing you asked for was done; my operator has been told.',
  'language.set': 'I will speak English with you from now on.',
  'card.stale': 'That card belongs to a conversation that has ended. Type **invite** to start again.',
  'card.unknownAction': 'I cannot do anything with that button. Type **help** to see what I can do.',
  'cancel.nothing':
    'There is nothing to cancel. To cancel an invitation, type **cancel** and its code, for example `cancel ABC-123`.',
  'resend.which': 'Which invitation? Type **resend** and its code, for example `resend ABC-123`.',
  'language.unknown': 'I speak English (**language en**) and Russian (**language ru**).',

  'whoManages.which':
    'About which customer? Type **who manages** and its domain, for example `who manages contoso.com`.',
  'whoManages.title': 'Who can manage {customer}',
  'whoManages.introPartner':
    'Your active relationships with {customer}: the roles each gives, and the security groups of yours that hold them.',
  'whoManages.introCustomer':
    "The partners that can manage {customer} now, through their active relationships, and the roles each gives them. Which of their staff use those roles is the partner's to say.",
  'whoManages.noneForPartner':
    'Your organisation has no active relationship with {customer}: nobody of yours can manage it.',
  'whoManages.noneForCustomer': 'No partner has an active relationship with {customer}: no partner can manage it.',
  'whoManages.group': '{group}: {roles}',
  'whoManages.members': 'Members: {names}',
  'whoManages.membersMore': 'Members: {names} and {more|number} more',
  'whoManages.noMembers': 'Members: none',
  'whoManages.membersUnavailable': 'Members: Microsoft could not be asked just now; ask again in a moment.',
  'whoManages.noAccess':
    'No access assigned: nobody can use these roles yet (Assign access, on the relationship in **customers**).',
  'whoManages.more': '{shown|number} of {total|number} relationships shown.',
  'whatCanManage.which':
    'About whom? Type **what can**, their e-mail address and **manage**, for example `what can alex@fabrikam.com manage`.',
  'whatCanManage.title': 'What {person} can manage',
  'whatCanManage.intro':
    'The customers {person} can manage, through the groups they are in and the roles those groups hold:',
  'whatCanManage.none':
    "{person} is in none of the groups that hold a relationship's roles: through your relationships, they can manage no customer.",
  'whatCanManage.through': 'Through {group}: {roles}',
  'help.partner':
    "You are {name}, {roles} at {organisation}. I can:\n\n- **invite** *domain* — invite a customer (I check every Partner Center rule before anything is sent)\n- **invitations** — your organisation's invitations, with Cancel and Resend\n- **customers** — your active customer relationships, with Terminate\n- **ending** / **ending 30** — relationships that end in the next 90 (or 30) days\n- **history** *code* — what happened to an invitation and its relationship\n- **who manages** *domain* — which of your groups (and who in them) can manage a customer\n- **what can** *e-mail* **manage** — which customers a colleague can manage, through which group and role\n- **export** — your invitations and relationships as a CSV file\n- **cancel** *code* / **resend** *code* — cancel or resend a pending invitation\n- **add azure** *domain* — add an Azure subscription for a customer you work with\n- **language en** / **language ru**",
  'help.customer':
    "You are {name} at {organisation}. Invitations from partners come to your organisation's Global Administrators and Customer Delegated Admin Relationship Administrators as cards to approve or decline.\n\n- **language en** / **language ru**",
  'help.unknown': 'I help CSP partners invite customers. {how}',

  'role.adminAgent': 'admin agent',
  'role.salesAgent': 'sales agent',
  'role.helpdeskAgent': 'helpdesk agent',
  'role.globalAdministrator': 'Global Administrator',
  'role.relationshipAdministrator': 'Customer Delegated Admin Relationship Administrator',
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

  'invite.domain.unknownHere': 'I know no organisation at **{domain}**.',
  'invite.domain.didYouMean':
    'Did you mean **{likelier}**? Choose it, or **{typed}** again to invite that domain, or type another.',
  'invite.domain.prompt':
    "Which customer do you want to invite? Type the customer's domain, for example contoso.onmicrosoft.com.",
  'invite.domain.help':
    "I need one of the customer's verified domains, such as contoso.onmicrosoft.com or contoso.com. I then tell you at once whether Partner Center's rules allow the invitation and which partners the customer already has.",
  'invite.domain.partners':
    '{customer} already works with {count|plural:otherPartner}: {partners}. Multi-partner support lets it add you as well. Your invitation changes none of its existing subscriptions, does not transfer them or the account ownership to you, changes no terms or obligations, and leaves the partner of record of every subscription as it is.',
  'invite.domain.otherPartnersHidden':
    'Connected to Partner Center, I see only your own relationships with {customer}: its other partners are visible only to the customer.',
  'invite.domain.countryAssumed':
    'Microsoft did not say which country {customer} is in: I assumed your own market, so the market rule (R8) is checked by Microsoft when the request is sent.',
  'invite.domain.atMicrosoft':
    'At Microsoft you have “{name}” with this customer ({status|microsoftStatus}, ends {ends}). A new request becomes another relationship.',
  'invite.domain.noneAtMicrosoft': 'You have no relationship with {customer} at Microsoft yet.',
  'invite.domain.microsoftUnavailable':
    'Microsoft did not answer, so your relationships there are not listed; every rule here is still checked, and Microsoft checks the request when it is sent.',
  'invite.domain.noTenantAtMicrosoft':
    'Microsoft knows no organisation with the domain {domain}, so a request to it would be refused. Check the domain and type it again.',
  'invite.domain.noPartners': '{customer} has no partner yet.',
  'invite.domain.onlyYou.relationships':
    'No other partner of {customer} is known to this bot; you already have {relationships|plural:relationship} with it.',
  'invite.domain.onlyYou.pending':
    'No other partner of {customer} is known to this bot; you already have {pending|plural:invitation} waiting for its decision.',
  'invite.domain.onlyYou.both':
    'No other partner of {customer} is known to this bot; you already have {relationships|plural:relationship} with it and {pending|plural:invitation} waiting for its decision.',
  'invite.domain.unknownTenant':
    "I don't know the tenant of {domain} yet. You can still invite it: the rules are checked again when its administrator answers.",
  'invite.domain.activeRelationship':
    'You already have the relationship “{name}” with this customer (roles: {roles}). This request becomes another relationship; the existing one stays as it is.',
  'invite.services.prompt':
    'Which services will you provide ({services})? Choose one, or type several separated by commas.',
  'invite.services.help':
    'Services say what you will do for the customer: Microsoft 365, Azure, Dynamics 365 or other. Type for example "Microsoft 365, Azure".',
  'invite.services.invalid': 'Choose at least one of: Microsoft 365, Azure, Dynamics 365, Other.',
  'invite.roles.prompt':
    'Which admin roles do you request? Least privilege first; type numbers or names separated by commas, or **none** for the reseller relationship alone.\n\n{list}',
  'invite.roles.promptRequired':
    'Which admin roles do you request? Least privilege first; type numbers or names separated by commas. In the US Government cloud at least one is needed.\n\n{list}',
  'invite.roles.help':
    "Admin roles (GDAP) let your staff administer the customer's tenant. Request the least you need. With **none** you ask only for the reseller relationship, enough to manage the Azure subscriptions you provision.",
  'invite.roles.salesOnly':
    'As a sales agent you can request the reseller relationship alone, so I will not ask for admin roles.',
  'invite.roles.current': 'Now requested: {roles}. Type **keep** to keep them.',
  'invite.roles.invalidNumber': '"{value}" is not a number from the list (1–{max}).',
  'invite.duration.prompt': 'For how many days (1–730)? The default is 730 days, two years.',
  'invite.duration.help':
    'Admin roles are granted for a limited time: from 1 day to 730 days (two years). There is no permanent access.',
  'invite.autoExtend.prompt': 'Extend the admin roles automatically by 180 days at each end date?',
  'invite.autoExtend.help':
    'With auto-extend the roles are extended by 180 days at each end date until someone turns it off or the relationship ends.',
  'invite.autoExtend.globalAdmin': 'Auto-extend is not possible with the Global Administrator role, so it is off.',
  'invite.autoExtend.invalid': 'Answer **yes** or **no**.',
  'invite.email.prompt':
    "The customer administrator's e-mail, to address the invitation to? Optional: **skip** if you don't know it.",
  'invite.email.help':
    'If you give an e-mail, the invitation names that administrator. Any Global Administrator or Customer Delegated Admin Relationship Administrator of the customer can still decide it.',
  'invite.message.prompt': 'A message for the customer (at most 500 characters)? Optional: **skip**.',
  'invite.message.help': 'The message is shown on the invitation card, for example why you ask for these roles.',
  'invite.name.taken':
    'You already have a relationship or a pending request named “{name}”. Type another name, or **keep** to use “{proposed}”.',
  'invite.name.takenAtSend':
    'Nothing was sent: meanwhile another request of your organisation took the name “{name}”. Choose another name; every other answer is kept.',
  'invite.name.prompt':
    'The relationship will be named “{name}”: the customer sees the name, and it cannot change after approval. Keep it, or type another (at most 50 characters).',
  'invite.name.help':
    'Every approved request becomes its own relationship with its own name, as in Partner Center. The name must be new for your organisation.',
  'invite.domain.pending':
    'Your request {code} (“{name}”, roles: {roles}) is waiting for a decision. Another request needs other roles.',
  'field.relationshipName': 'Relationship',
  'button.keep': 'Keep',
  'command.keep': 'keep',
  'invite.summary.prompt': 'Here is the invitation. Send it?',
  'invite.summary.help':
    '**send** sends the invitation, **edit** changes an answer, **cancel** stops without storing anything.',
  'invite.summary.invalid': 'Choose **send**, **edit** or **cancel**.',
  'invite.edit.prompt': 'What do you want to change? Type one of: {fields}; or **back** to return to the summary.',
  'invite.edit.help': 'Choose the answer to change; after it I show the summary again.',
  'invite.edit.invalid': 'Choose one of the answers shown.',
  'invite.sent':
    'Invitation **{code}** is on its way to {customer}. It expires on {expires} if nobody decides it. A Global Administrator or a Customer Delegated Admin Relationship Administrator of {customer} approves or declines it; I will tell you the decision here.',
  'invite.sentToMicrosoft':
    'Invitation **{code}** to {customer} is being registered at Microsoft. When Microsoft has it, {customer} gets the card and you get the links to pass on; a Global Administrator or a Customer Delegated Admin Relationship Administrator of {customer} approves it in the Microsoft 365 admin center, and I tell you here when it is active. It expires on {expires} if nobody approves it.',
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
  'value.days': '{days|plural:day}',
  'value.notApplicable': '—',
  'value.partnerWithId': '{name} (Partner ID {mpnId})',
  'value.subscription': '{product} ×{quantity}',
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

  'card.title': '{partner} invites {customer} to work with it',
  'card.subtitle': 'Partner ID {mpnId} · invitation {code}',
  'card.waiting':
    'Waiting for a Global Administrator or a Customer Delegated Admin Relationship Administrator of {customer} to approve or decline.',
  'card.approved': 'Approved by {name} on {date}.',
  'card.declined':
    'Declined by {name} on {date}. Recorded by this bot and sent to the partner: Microsoft has no decline for an admin relationship request.',
  'card.declinedReason':
    'Declined by {name} on {date}: “{reason}”. Recorded by this bot and sent to the partner: Microsoft has no decline for an admin relationship request.',
  'card.expired': 'Expired on {date}: nobody decided within 90 days.',
  'card.withdrawn': 'Withdrawn by {partner}.',
  'card.partners': 'Partners {customer} already works with',
  'card.partnersAtMicrosoft':
    'This bot sees only {partner}’s own relationships with {customer}, not your other partners: your full list of partners is in the Microsoft 365 admin center.',
  'card.openPartnersList': 'See all your partners (admin center)',
  'card.noPartners': 'None yet.',
  'card.unchanged': 'What approving does not change',
  'card.unchanged.subscriptions':
    'None of your existing subscriptions changes: product, quantity and status stay as they are.',
  'card.unchanged.ownership': 'No subscription and not the account ownership is transferred to the new partner.',
  'card.unchanged.terms': 'The terms and your obligations of every existing subscription stay as they are.',
  'card.unchanged.partnerOfRecord': 'The partner of record of every subscription stays as it is.',
  'card.reason': 'Reason for declining (optional)',
  'card.approve': 'Approve',
  'card.decline': 'Decline',
  'card.refresh': 'Refresh',
  'card.rolesTitle': 'Admin roles requested',
  'card.resellerOnly': 'Reseller relationship only, no admin roles',
  'card.autoExtendOn': 'Yes, by 180 days at each end date',
  'card.reminder': 'Reminder: this invitation expires on {date} unless someone decides it.',
  'code.which': 'Which invitation? Type **code** and its code, for example `code ABC-123`.',
  'notify.approved': '{customer} approved your invitation {code}',
  'notify.declined': '{customer} declined your invitation {code} (recorded by this bot, not by Microsoft)',
  'notify.expired': 'Your invitation {code} to {customer} expired',
  'notify.terminatedByCustomer': '{customer} ended its relationship with {partner}',
  'notify.terminatedByPartner': '{partner} ended its relationship with {customer}',
  'field.decision': 'Decision',
  'field.by': 'By',
  'field.when': 'When',
  'field.reason': 'Reason',
  'field.grantedRoles': 'Granted roles',
  'field.endsAt': 'Ends on',
  'field.subscriptions': 'Subscriptions',
  'value.unchangedSubscriptions': 'Unchanged: they stay with their partners of record.',
  'notice.expiring': 'The relationship “{name}” between {partner} and {customer} ends in {days|plural:day}',
  'notice.expiring.text':
    'It will not be extended automatically. Turn on auto-extend to keep it (180 days at each end date), or request it again under a new name.',
  'notice.expiring.globalAdmin':
    'It includes the Global Administrator role, so it cannot be extended automatically: request it again under a new name to keep access.',
  'notice.expired': 'The relationship “{name}” between {partner} and {customer} has ended',
  'notice.expired.text': 'Its roles no longer apply. Request it again to work with this customer as before.',
  'notice.extended': 'The relationship “{name}” between {partner} and {customer} was extended to {date}',
  'field.customer': 'Customer',
  'field.partner': 'Partner',
  'button.turnOffAutoExtendNamed': 'Turn off auto-extend: {name}',
  'relationship.autoExtendOff': 'Auto-extend is off for “{name}”: it ends on its end date. The other side is told.',
  'button.turnOnAutoExtend': 'Turn on auto-extend',
  'button.requestAgain': 'Request again',
  'relationship.autoExtendOn':
    'Auto-extend is on for “{name}”: it is extended by 180 days at each end date until someone turns it off.',
  'notice.autoExtendOn': '{by} turned auto-extend on for “{name}” between {partner} and {customer}',
  'notice.autoExtendOff': '{by} turned auto-extend off for “{name}” between {partner} and {customer}',
  'button.terminate': 'Terminate',
  'button.turnOffAutoExtend': 'Turn off auto-extend',
  'button.changeAccess': 'Change access',
  'button.terminateNamed': 'Terminate “{name}”',
  'button.backToSummary': 'Back to the summary',
  'command.backToSummary': 'back to the summary',
  'command.ending': 'ending',
  'ending.title': 'Relationships that end in the next {days|plural:day}',
  'ending.none': 'No relationship of yours ends in the next {days|plural:day}.',
  'summary.sent': 'Sent as invitation **{code}**.',
  'partners.title': 'Partners of {customer}',
  'partners.intro':
    '{customer} works with {count|plural:partner}. Multi-partner support: {customer} can work with several partners at once, each for what it does best. Each keeps its own subscriptions.',
  'partners.none': '{customer} works with no partner yet.',
  'customers.title': 'Customers of {partner}',
  'customers.none': '{partner} has no active customer relationship yet.',
  'relationship.since': 'Since',
  'relationship.roles': 'Admin roles',
  'relationship.ends': 'Ends on',
  'relationship.subscriptions': 'Partner of record for',
  'relationship.noSubscriptions': 'No subscription',
  'relationship.noRelationship': 'No active relationship; partner of record of existing subscriptions',
  'terminate.prompt':
    'End the relationship between {partner} and {customer}? {partner} loses its admin roles and the reseller relationship. Existing subscriptions stay exactly as they are, with their partners of record. The other side will be told.',
  'terminate.help':
    'Terminating ends the relationship for both sides. It cannot be undone; a new invitation would be needed. Subscriptions do not change.',
  'terminate.invalid': 'Answer **yes** or **no**.',
  'terminate.done':
    'The relationship between {partner} and {customer} has ended; the other side is being told. Subscriptions did not change.',
  'terminate.kept': 'Nothing changed; the relationship continues.',
  'help.customerAdmin':
    "You are {name}, {roles} at {organisation}. Invitations from partners come to you as cards to approve or decline.\n\n- **partners** — the partners {organisation} works with, with Terminate\n- **who manages** *your domain* — which partners can manage {organisation}, with which roles\n- **invitations** — invitations waiting for a decision\n- **code** *ABC-123* — show an invitation's card\n- **history** *ABC-123* — what happened to an invitation\n- **language en** / **language ru**",
  'button.open': 'Open',
  'summary.title': 'Invitation to {customer}',
  'invitations.title': 'Invitations of {organisation}',
  'invitations.page': 'Page {page} of {pages} · {total|plural:invitation}',
  'relationships.page': 'Page {page} of {pages} · {total|plural:relationship}',
  'invitations.none': 'Your organisation has not sent any invitation yet. Type **invite** to send one.',
  'invitations.cancelled': "Invitation **{code}** is cancelled; the customer's card now shows that it was withdrawn.",
  'invitations.cancelledAtMicrosoft':
    "Invitation **{code}** is withdrawn here, and the customer's card says so. Microsoft has no way to withdraw a request pending approval: it stays in the Microsoft 365 admin center until {expires}. If the customer approves it there anyway, the relationship exists and I tell you.",
  'invitations.resent':
    'Invitation **{code}** is being sent again to {names} ({customer}), in their chat with the bot. It still expires on {expires}.',
  'invitations.resentNotYet':
    'Nothing was sent: invitation **{code}** is not at Microsoft yet. The card goes to the customer’s administrators as soon as it is. It expires on {expires}.',
  'invitations.resentNobody':
    'Nothing was sent: nobody at {domain} is known to the bot yet. Their administrator sees invitation **{code}** on first talking to the bot, or by typing the code. It expires on {expires}.',

  'azure.domain.prompt': 'For which customer? Type its domain.',
  'azure.domain.help':
    'You can add an Azure subscription for a customer you have an active relationship with, even if another partner already provides Azure to it.',
  'azure.confirm.prompt':
    '{customer} has these subscriptions, which stay exactly as they are: {subscriptions}. Add a new Azure plan with {organisation} as its partner of record?',
  'azure.confirm.noSubscriptions':
    '{customer} has no subscription yet. Add a new Azure plan with {organisation} as its partner of record?',
  'azure.confirm.help': 'Adding an Azure subscription changes no existing subscription; the new one is yours.',
  'azure.confirm.invalid': 'Answer **yes** or **no**.',
  'azure.subscription': '{product} ×{quantity} (partner of record: {partner})',
  'azure.added':
    'Added an Azure plan for {customer}; {organisation} is its partner of record. Its other subscriptions did not change.',
  'azure.notAdded': 'Nothing was added.',

  // Refusals: one per domain refusal code (domain/refusals.ts), with the facts it carries.
  'refusal.unknownPartnerUser':
    'You are not a user of a partner known to this bot, so you cannot send or manage invitations.',
  'refusal.rolesNeedAdminAgent':
    'Only an admin agent can send an invitation that requests admin roles. Ask an admin agent of your organisation, or request the reseller relationship alone.',
  'refusal.notAllowedToAddSubscription': 'Only an admin agent or a sales agent can add subscriptions for a customer.',
  'refusal.notAllowedToInvite':
    'Only an admin agent or a sales agent can send invitations; your Partner Center role does not allow it.',
  'refusal.customerIsCspPartner':
    '{customer} is itself enrolled as a CSP partner, and a CSP partner cannot resell to another CSP partner.',
  'refusal.otherCloud':
    '{customer} is {customerCloud|key:cloud} and your organisation is {partnerCloud|key:cloud}; the two are separate, so you can invite only customers in your own cloud.',
  'refusal.otherCountry':
    'The country or region of {customer}, {customerCountry|region}, is outside the CSP market your organisation serves ({partnerMarket|market}); you can invite only customers in your own market.',
  'refusal.usGovNeedsRoles':
    'A partner in the US Government cloud cannot send a reseller-only invitation: choose at least one admin role.',
  'refusal.pendingExists':
    'You already have a pending invitation {code} for {customer} with exactly these roles. Resend it or cancel it instead of sending another.',
  'refusal.tooManyInvitations':
    'You have sent {limit|number} invitations in the last hour, as many as an hour allows. You can send another from {at|time}. Nothing was sent.',
  'refusal.tooManyPending':
    'Your organisation already has {limit|number} pending invitations to {customer}, as many as are allowed at once. You can send another when one of them is approved, declined or cancelled, or on {at|date}, when {code} expires. Nothing was sent.',
  'refusal.resendTooSoon':
    'Invitation {code} was sent again less than an hour ago. You can resend it from {at|time}. Nothing was sent.',
  'refusal.relationshipNameTaken':
    'Your organisation already has a relationship or a pending request named “{name}”. Choose another name.',
  'refusal.mixedScriptName':
    'The word “{word}” mixes letters of different alphabets (Latin, Greek, Cyrillic), as a name that imitates another does. Type it in one alphabet.',
  'refusal.invalidRelationshipName':
    'A relationship name has 1 to {max|number} characters; “{value}” has {length|number}.',
  'refusal.notCustomerAdmin':
    'Only a Global Administrator or a Customer Delegated Admin Relationship Administrator of the invited organisation can approve or decline this invitation. Nothing was changed.',
  'refusal.notCustomerUser': 'You are not a user of a customer known to this bot.',
  'refusal.alreadyDecided':
    'This invitation was already {status|key:decided} by {by} on {at|date}. Nothing was changed.',
  'refusal.notPending': 'Invitation {code} is {status|key:decided}, so it can no longer be changed.',
  'refusal.expired':
    'Invitation {code} expired on {at|date} because nobody decided it within 90 days. It can no longer be approved; the partner can send a new one.',
  'refusal.withdrawn': 'Invitation {code} was withdrawn by the partner, so it can no longer be approved or declined.',
  'refusal.notInvitingPartner': 'Only the partner that sent this invitation can cancel or resend it.',
  'refusal.unknownRole': '"{role}" is not an admin role I know. Choose from: {known|roles}.',
  'refusal.durationOutOfRange':
    'The duration must be a whole number of days from 1 to 730 (two years); "{value}" is not.',
  'refusal.autoExtendWithGlobalAdmin':
    'Auto-extend cannot be requested together with the Global Administrator role. Turn auto-extend off or remove Global Administrator.',
  'refusal.notRelationshipSide':
    'Only an admin agent of the partner, or a Global Administrator or a Customer Delegated Admin Relationship Administrator of the customer, can terminate this relationship; auto-extend is changed by the partner’s admin agents or the customer’s Global Administrators.',
  'refusal.relationshipNotActive': 'This relationship is already {status|key:relationshipStatus}.',
  'refusal.noActiveRelationship':
    'You need an active relationship with {customer} before you can add an Azure subscription for it.',
  'refusal.invalidDomain':
    '"{value}" is not a domain name. Type the customer\'s domain, for example contoso.onmicrosoft.com.',
  'refusal.invalidEmail': '"{value}" is not an e-mail address. Type one like admin@contoso.com.',
  'refusal.invalidServices': 'Choose at least one service from: {known}.',
  'refusal.textTooLong':
    'The {field|key:textField} can be at most {max|number} characters long; yours has {length|number}.',
  'refusal.invalidQuantity': '"{value}" is not a valid quantity: use a whole number from 1 to 10000.',
  'refusal.unknownInvitation': 'There is no invitation {value}. Check the code (it looks like ABC-123).',
  'refusal.invitationNotVisible': 'There is no invitation {value}. Check the code (it looks like ABC-123).',
  'refusal.unknownRelationship': 'There is no relationship {value}.',
  'refusal.unknownCustomer': 'There is no customer {value} in the directory.',
  'refusal.whoManagesNeedsAdminAgent': 'Only an admin agent of your organisation can ask who manages a customer.',
  'refusal.unknownPartnerPerson': 'Nobody at your organisation has the e-mail address {value}.',
  'refusal.selfDeclaredIdentity':
    'Signing in by e-mail exists only while the bot runs without credentials, for local testing. This bot checks who you are with the Bot Framework: use it from Teams.',
  'refusal.invalidDecision': '"{value}" is not a decision: it must be approve or decline.',

  'cloud.commercial': 'in the commercial cloud',
  'cloud.usgov': 'in the US Government cloud',
  'decided.pending': 'pending',
  'decided.approved': 'approved',
  'decided.declined': 'declined',
  'decided.expired': 'expired',
  'decided.cancelled': 'cancelled',
  'relationshipStatus.active': 'active',
  'relationshipStatus.expired': 'expired',
  'relationshipStatus.terminated': 'terminated',
  'textField.message': 'message',
  'textField.reason': 'reason',

  // Plural forms (Intl.PluralRules categories); # is the number.
  'plural.day.one': '# day',
  'plural.day.few': '# days',
  'plural.day.many': '# days',
  'plural.day.other': '# days',
  'plural.otherPartner.one': '# other partner',
  'plural.otherPartner.few': '# other partners',
  'plural.otherPartner.many': '# other partners',
  'plural.otherPartner.other': '# other partners',
  'plural.partner.one': '# partner',
  'plural.partner.few': '# partners',
  'plural.partner.many': '# partners',
  'plural.partner.other': '# partners',
  'plural.relationship.one': '# relationship',
  'plural.relationship.few': '# relationships',
  'plural.relationship.many': '# relationships',
  'plural.relationship.other': '# relationships',
  'plural.invitation.one': '# invitation',
  'plural.invitation.few': '# invitations',
  'plural.invitation.many': '# invitations',
  'plural.invitation.other': '# invitations',

  // The one-line explanation next to each admin role (domain/adminRoles.ts).
  'adminRole.directoryReaders.explanation': 'Reads basic directory information: users, groups, devices.',
  'adminRole.globalReader.explanation': 'Reads everything a Global Administrator can see, changes nothing.',
  'adminRole.serviceSupportAdministrator.explanation': 'Opens Microsoft support requests and reads service health.',
  'adminRole.helpdeskAdministrator.explanation': 'Resets passwords of non-administrators and manages support requests.',
  'adminRole.licenseAdministrator.explanation': 'Assigns and removes licences for users.',
  'adminRole.userAdministrator.explanation': 'Creates and manages users and groups, resets most passwords.',
  'adminRole.exchangeAdministrator.explanation': 'Manages Exchange Online: mailboxes, mail flow, settings.',
  'adminRole.sharePointAdministrator.explanation': 'Manages SharePoint Online and OneDrive.',
  'adminRole.teamsAdministrator.explanation': 'Manages Microsoft Teams and its policies.',
  'adminRole.securityAdministrator.explanation': 'Manages security settings, Defender and Identity Protection.',
  'adminRole.globalAdministrator.explanation': 'Full control of the tenant; request it only when nothing less will do.',

  'notify.unreachable': 'Could not reach {person} for your invitation {code}',
  'notify.unreachableDetail':
    'I tried {attempts|number} times. The card waits for them: it is shown the next time they write to the bot, or with **code {code}**.',
  'field.lastError': 'Last error',
  'field.recipient': 'Recipient',
  // R16: each admin role's Entra name (Microsoft's own, in each language).
  'adminRole.directoryReaders.name': 'Directory Readers',
  'adminRole.globalReader.name': 'Global Reader',
  'adminRole.serviceSupportAdministrator.name': 'Service Support Administrator',
  'adminRole.helpdeskAdministrator.name': 'Helpdesk Administrator',
  'adminRole.licenseAdministrator.name': 'License Administrator',
  'adminRole.userAdministrator.name': 'User Administrator',
  'adminRole.exchangeAdministrator.name': 'Exchange Administrator',
  'adminRole.sharePointAdministrator.name': 'SharePoint Administrator',
  'adminRole.teamsAdministrator.name': 'Teams Administrator',
  'adminRole.securityAdministrator.name': 'Security Administrator',
  'adminRole.globalAdministrator.name': 'Global Administrator',

  // R8: multi-country CSP markets (data/markets/); a single-country market is named by its country.
  'market.europe': 'the Europe market (the EU/EEA, the United Kingdom and Switzerland)',

  // R22: access assignments.
  'access.title': 'Assign access for “{name}”',
  'access.doneTitle': 'Access assigned for “{name}”',
  'access.intro':
    "Nobody in your organisation can use these roles until you assign them to your security groups. Choose, for each group, which of the relationship's roles its members get; a group never gets roles the customer did not approve.",
  'access.noGroups':
    'Your organisation has no security groups in the directory yet, so there is nothing to assign them to. Ask whoever manages your Partner Center account to add them.',
  'access.search': 'Find security groups by name',
  'access.searchHint': 'e.g. helpdesk tier',
  'access.noGroupFound': 'No security group of yours has a name with “{words}”. Try other words.',
  'button.searchGroups': 'Find groups',
  'access.assigned': 'Access for “{name}” is assigned: {summary}.',
  'field.access': 'Access',
  'value.noAccessAssigned': 'No access assigned',
  'value.accessAssignedCount': 'Assigned to {count|plural:securityGroup}',
  'button.assignAccess': 'Assign access',
  'button.assignAccessNamed': 'Assign access for “{name}”',
  'button.changeAccessNamed': 'Change access for “{name}”',
  'notify.approved.assign': 'Nobody at {partner} can use these roles until you assign them to your security groups.',
  'notice.accessReminder': 'Nobody at {partner} has access through “{name}” yet',
  'notice.accessReminder.text':
    'The customer approved its roles, but they are assigned to no security group, so this relationship gives your staff nothing. Assign them now; I will remind you once a day for {days|plural:day} more.',
  'notice.accessReminder.last':
    'The customer approved its roles, but they are assigned to no security group, so this relationship gives your staff nothing. This is the last reminder.',
  'plural.securityGroup.one': '# security group',
  'plural.securityGroup.few': '# security groups',
  'plural.securityGroup.many': '# security groups',
  'plural.securityGroup.other': '# security groups',
  'refusal.accessNeedsAdminAgent':
    "Only an admin agent of the partner can assign a relationship's roles to security groups.",
  'refusal.nothingToAssign': '“{name}” is a reseller relationship without admin roles: there is no access to assign.',
  'refusal.unknownSecurityGroup': 'There is no security group {value} in your organisation.',
  'refusal.roleNotInRelationship':
    '“{name}” does not include {role|roles}, so {group} cannot get it: a group gets only roles the customer approved.',
  'refusal.noAccessChosen': 'Choose at least one role for at least one group to assign access for “{name}”.',
  // history ABC-123 and export.
  'command.history': 'history',
  'command.export': 'export',
  'history.which':
    'Which invitation or relationship? Type **history** and the invitation’s code, for example `history ABC-123`, or a relationship’s name.',
  'history.relationshipTitle': 'History of “{name}”',
  'field.origin': 'Made',
  'value.madeOutsideBot': 'Outside this bot (in Partner Center or by another tool), found at Microsoft',
  'history.title': 'History of {code}: “{name}”',
  'field.relationshipStatus': 'Relationship',
  'history.created': 'Sent by {by}',
  'history.resent': 'Sent again by {by}',
  'history.reminded': 'Reminder sent: 7 days left to decide',
  'history.approved': 'Approved by {by}; the relationship started',
  'history.declined': 'Declined by {by} (recorded by this bot, not by Microsoft)',
  'history.declinedReason': 'Declined by {by} (recorded by this bot, not by Microsoft): “{reason}”',
  'history.expired': 'Expired: nobody decided within 90 days',
  'history.cancelled': 'Withdrawn by {by}',
  'history.delivered': 'Card delivered to {to}',
  'history.notDelivered': 'Could not deliver the card to {to}: {error}',
  'history.relationshipCreated': 'The relationship started',
  'history.extended': 'Extended by auto-extend to {date}',
  'history.autoExtendOn': 'Auto-extend turned on by {by}',
  'history.autoExtendOff': 'Auto-extend turned off by {by}',
  'history.relationshipExpired': 'The relationship ended at its end date',
  'history.terminated': 'Terminated by {by}',
  'history.expiryWarned': 'Both sides warned: {days|plural:day} left',
  'history.accessAssigned': 'Access assigned by {by}: {groups}',
  'history.accessReminded': 'Reminded to assign access',
  'history.imported':
    'Found at Microsoft (made in Partner Center or by another tool); its status there: {note|microsoftStatus}',
  'export.title': 'Invitations and relationships of {partner}',
  'export.inline':
    'Files cannot be sent here, so here is the CSV ({count|plural:row}); in a Teams chat with me, **export** sends it as a file.',
  'export.more': '… and {count|plural:row} more: in a Teams chat with me, **export** sends the whole file.',
  'export.consent': 'Invitations and relationships of {partner} as a CSV file ({count|plural:row})',
  'export.sent': 'Here is the file: {count|plural:row}.',
  'export.declined': 'Nothing was exported.',
  'export.failed': 'I could not upload the file to your OneDrive ({reason}). Please try **export** again.',
  'export.kind.invitation': 'Invitation',
  'export.kind.relationship': 'Relationship',
  'export.column.kind': 'Type',
  'export.column.code': 'Code',
  'export.column.name': 'Relationship name',
  'export.column.customer': 'Customer',
  'export.column.domain': 'Domain',
  'export.column.roles': 'Admin roles',
  'export.column.status': 'Status',
  'export.column.from': 'Sent or started',
  'export.column.decided': 'Decided or terminated',
  'export.column.until': 'Expires or ends',
  'export.column.autoExtend': 'Auto-extend',
  'export.column.accessAssigned': 'Access assigned',
  'plural.row.one': '# row',
  'plural.row.few': '# rows',
  'plural.row.many': '# rows',
  'plural.row.other': '# rows',
  // Connected to Partner Center (PARTNER_CENTER=graph)
  'language.self': 'English',
  'card.microsoftApproval':
    'Microsoft requires a Global Administrator or a Customer Delegated Admin Relationship Administrator of {customer} to approve this request in the Microsoft 365 admin center. This bot follows it there and updates this card.',
  'card.microsoftPreparing': 'The request is being registered at Microsoft; the approval link follows shortly.',
  'card.microsoftActivating': 'Approved at Microsoft: Microsoft is activating the relationship.',
  'card.openAdminCenter': 'Approve in the Microsoft 365 admin center',
  'card.openReseller': 'Accept the reseller relationship',
  'card.resellerNote':
    'The reseller relationship is a separate link from Microsoft: accept it there as well, then answer here.',
  'notify.requestAtMicrosoft': 'Your request {code} to {customer} is at Microsoft',
  'notify.requestAtMicrosoft.detail':
    'A Global Administrator or a Customer Delegated Admin Relationship Administrator of {customer} approves it in the Microsoft 365 admin center; I follow it there and tell you when it is active. If they do not use this bot in Teams, send them the text below.',
  'notify.requestDelayed': 'Microsoft is not answering about {code} to {customer}',
  'notify.requestDelayedDetail':
    'I keep trying until {until}; nothing is lost. If Microsoft still does not answer, I tell you and nothing is left half-made.',
  'notify.requestFailed': 'Nothing was sent for {code} to {customer}',
  'field.leftAtMicrosoft': 'Left at Microsoft',
  'value.leftAtMicrosoft':
    'An unsent draft relationship {id} (never locked for approval, so nobody can approve it). Delete it in Partner Center, or leave it: it grants nothing.',
  'card.adminRelationshipLink': 'Admin relationship (GDAP) link',
  'card.resellerLink': 'Reseller relationship link',
  'field.forCustomer': 'To send to the customer ({language})',
  'share.adminRelationship':
    '{partner} asks for administrative access to {customer} (request {code}). A Global Administrator or a Customer Delegated Admin Relationship Administrator of {customer} reviews and approves it in the Microsoft 365 admin center: {url}',
  'share.reseller': 'To accept {partner} as your reseller (a separate step from the request above): {url}',
  'microsoft.status.created': 'created, not yet sent for approval',
  'microsoft.status.approvalPending': 'waiting for the customer’s approval',
  'microsoft.status.approved': 'approved',
  'microsoft.status.activating': 'being activated',
  'microsoft.status.active': 'active',
  'microsoft.status.expiring': 'ending',
  'microsoft.status.expired': 'expired',
  'microsoft.status.terminationRequested': 'termination requested',
  'microsoft.status.terminating': 'being terminated',
  'microsoft.status.terminated': 'terminated',
  'microsoft.failure.nameTaken':
    'Microsoft already has a relationship of yours with that name. Send the invitation again under another name.',
  'microsoft.failure.requestRefused':
    'Microsoft refused the request as it was (a role, the duration or auto-extend). Check them and send it again.',
  'microsoft.failure.permissionMissing':
    'The bot’s app registration lacks a Microsoft Graph permission or its admin consent (DelegatedAdminRelationship.ReadWrite.All). Ask your administrator; README “Connect to Partner Center” says what is needed.',
  'microsoft.failure.customerTenantNotFound':
    'Microsoft knows no organisation with that domain. Check the customer’s domain and send it again.',
  'microsoft.failure.notFound': 'Microsoft no longer has that relationship.',
  'microsoft.failure.changedMeanwhile': 'The relationship changed at Microsoft meanwhile. Look at it again and retry.',
  'microsoft.failure.signInFailed':
    'Microsoft refused the bot’s app credentials (its secret may have expired or been revoked). Ask your administrator to renew them; this is not an outage.',
  'microsoft.failure.alreadyEnded': 'It has already ended at Microsoft, or is ending (the customer may have ended it).',
  'microsoft.failure.groupNotFound':
    'Microsoft has no such security group in your organisation any more (it may have been deleted). Choose another group.',
  'microsoft.failure.groupAlreadyAssigned':
    'Microsoft is still making or removing this group’s earlier access. Try again in a few minutes.',
  'microsoft.failure.accessRefused': 'Microsoft refused these roles for this group. Check the group and the roles.',
  'microsoft.failure.autoExtendRefused':
    'Microsoft refused to change auto-extend (it is not allowed while Global Administrator is included).',
  'microsoft.failure.unavailable':
    'Microsoft did not answer, even after retrying for a while. Nothing was left half-made; try again later.',
  'refusal.approveInAdminCenter':
    'Microsoft takes the approval of {code} in the Microsoft 365 admin center, not here: use “Approve in the Microsoft 365 admin center” on the card.',
  'refusal.partnerCenterFailed': 'Nothing changed: {failure|failure}',
  'refusal.accessAssignmentFailed': 'Nothing changed for the group “{group}”: {failure|failure}',
  'history.sentToMicrosoft': 'Registered at Microsoft and locked for the customer’s approval',
  'history.sendFailed': 'Not sent: {failure|failure}',
} as const;

export type StringKey = keyof typeof en;
