import type { NoticeRenderers } from '../delivery/notices.js';
import { accessNotices } from './access/notices.js';
import { invitationNotices } from './invitations/notices.js';
import { relationshipNotices } from './relationships/notices.js';

/** Every notification kind with the feature that renders it; a kind without one does not compile. */
export const NOTICES: NoticeRenderers = { ...invitationNotices, ...relationshipNotices, ...accessNotices };
