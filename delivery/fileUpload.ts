/**
 * A file for a Teams personal chat: one PUT of the whole content to the upload session Teams
 * opened in the user's OneDrive when they accepted the consent card (Content-Range says it is all
 * of it). A status other than 200/201 is an error with the status in its message.
 */
export async function uploadToTeams(uploadUrl: string, content: Buffer): Promise<void> {
  const response = await fetch(uploadUrl, {
    method: 'PUT',
    headers: {
      'Content-Length': String(content.length),
      'Content-Range': `bytes 0-${content.length - 1}/${content.length}`,
    },
    body: content,
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status !== 200 && response.status !== 201)
    throw new Error(`the upload was answered with ${response.status}`);
}
