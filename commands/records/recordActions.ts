import { type Attachment, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { exportCsv, exportFileName, exportTextCard } from '../../cards/records/exportCsv.js';
import { historyCard, relationshipHistoryCard } from '../../cards/records/historyCard.js';
import type { UseCases } from '../../domain/useCases.js';
import type { Say } from '../../translations/index.js';
import type { KnownTurn } from '../../turn/turnInfo.js';

/**
 * Puts a file's bytes where Teams said (the user's OneDrive upload session); delivery/fileUpload.ts does it over HTTP.
 */
export type FileUploader = (uploadUrl: string, content: Buffer) => Promise<void>;

/** What the consent card asks back for when accepted: which export, never the data itself. */
const EXPORT_CONTEXT = { export: 'partnerRecords' } as const;

/** Teams lets a bot send a file only in a personal chat, after the user accepts a consent card. */
const canSendFiles = (context: TurnContext) =>
  context.activity.channelId === 'msteams' &&
  context.activity.conversation?.isGroup !== true &&
  (context.activity.conversation?.conversationType ?? 'personal') === 'personal';

/** The strings of Teams' upload information in a file consent answer; anything else is left out. */
function uploadInfoOf(answer: Record<string, unknown>) {
  const info = answer.uploadInfo;
  if (typeof info !== 'object' || info === null) return undefined;
  const text = (key: string) => {
    const value = (info as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    uploadUrl: text('uploadUrl'),
    contentUrl: text('contentUrl'),
    name: text('name'),
    uniqueId: text('uniqueId'),
    fileType: text('fileType'),
  };
}

/** "history ABC-123" and "export": what happened to an invitation, and the partner's records as a CSV file. */
export class RecordActions {
  constructor(
    private readonly service: UseCases,
    private readonly upload: FileUploader,
  ) {}

  async history({ context, say, identity }: KnownTurn, ref: string): Promise<void> {
    const result = await this.service.records.history(identity, ref);
    if (!result.ok) return void (await context.sendActivity(say.refusal(result.refusal)));
    if (!('invitation' in result.value))
      return void (await context.sendActivity(
        MessageFactory.attachment(CardFactory.adaptiveCard(relationshipHistoryCard(say, result.value))),
      ));
    const domain = result.value.invitation.customerDomain;
    const names = await this.service.invitations.customerNames([domain]);
    await context.sendActivity(
      MessageFactory.attachment(CardFactory.adaptiveCard(historyCard(say, result.value, names.get(domain) ?? domain))),
    );
  }

  /** In a Teams personal chat, a consent card for the file; elsewhere (the Emulator, group chats) the CSV in a card. */
  async export({ context, say, identity }: KnownTurn): Promise<void> {
    const records = await this.service.records.export(identity);
    if (!records.ok) return void (await context.sendActivity(say.refusal(records.refusal)));
    const { partnerName, rows } = records.value;
    const csv = exportCsv(say, rows);
    if (!canSendFiles(context))
      return void (await context.sendActivity(
        MessageFactory.attachment(CardFactory.adaptiveCard(exportTextCard(say, partnerName, csv))),
      ));
    const consent: Attachment = {
      contentType: 'application/vnd.microsoft.teams.card.file.consent',
      name: exportFileName(partnerName, this.service.records.now()),
      content: {
        description: say('export.consent', { partner: partnerName, count: rows.length }),
        sizeInBytes: Buffer.byteLength(csv, 'utf8'),
        acceptContext: EXPORT_CONTEXT,
        declineContext: EXPORT_CONTEXT,
      },
    };
    await context.sendActivity(MessageFactory.attachment(consent));
  }

  /**
   * The user accepted: the CSV as it is now, uploaded where Teams said (`uploadInfo` of the consent
   * card's answer), then shown as a file card.
   */
  async acceptExport({ context, say, identity }: KnownTurn, answer: Record<string, unknown>): Promise<void> {
    const records = await this.service.records.export(identity);
    if (!records.ok) return void (await context.sendActivity(say.refusal(records.refusal)));
    const info = uploadInfoOf(answer);
    if (!info?.uploadUrl || !info.contentUrl)
      return void (await context.sendActivity(say('export.failed', { reason: 'no upload address' })));
    const content = Buffer.from(exportCsv(say, records.value.rows), 'utf8');
    try {
      await this.upload(info.uploadUrl, content);
    } catch (error) {
      return void (await context.sendActivity(
        say('export.failed', { reason: error instanceof Error ? error.message.slice(0, 120) : 'unknown error' }),
      ));
    }
    const file: Attachment = {
      contentType: 'application/vnd.microsoft.teams.card.file.info',
      contentUrl: info.contentUrl,
      name: info.name ?? exportFileName(records.value.partnerName, this.service.records.now()),
      content: { uniqueId: info.uniqueId, fileType: info.fileType ?? 'csv' },
    };
    await context.sendActivity({
      ...MessageFactory.attachment(file),
      text: say('export.sent', { count: records.value.rows.length }),
    });
  }

  async declineExport(context: TurnContext, say: Say): Promise<void> {
    await context.sendActivity(say('export.declined'));
  }
}
