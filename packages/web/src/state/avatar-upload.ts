import type { RestApi } from '@natter/client';
import type { User } from '@natter/protocol';

/**
 * Sets a cropped image as the signed-in user's avatar: asks where to upload it
 * (`POST /api/me/avatar-upload`), sends the bytes there (our own endpoint takes the session
 * cookie, same-origin), then names the upload in `PATCH /api/me`. The server makes the square
 * WebP everyone sees and tells them (`user:updated`).
 */
export async function uploadAvatar(api: RestApi, image: Blob): Promise<User> {
  const ticket = await api.createAvatarUpload({ mimeType: 'image/png', size: image.size });
  const response = await fetch(new URL(ticket.uploadUrl, window.location.origin), {
    method: ticket.uploadMethod,
    headers: ticket.uploadHeaders,
    body: image,
  });
  if (!response.ok) throw new Error(`the upload failed (${response.status})`);
  return api.updateMe({ avatarAttachmentId: ticket.attachmentId });
}
