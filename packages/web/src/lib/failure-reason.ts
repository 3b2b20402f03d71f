import type { TimelineMessage } from '@natter/client';

/** Why a message was not sent, for people (the SDK's codes are for code). */
export function failureReason(message: Pick<TimelineMessage, 'error' | 'uploads'>): string {
  const code = message.error?.code;
  if (code === 'payload_too_large') return 'File is too large (max 25 MB)';
  const uploading = message.uploads?.some((u) => u.attachmentId === undefined) ?? false;
  if (uploading) return 'Upload failed';
  switch (code) {
    case 'timeout':
      return 'Not sent: the server did not answer';
    case 'rate_limited':
      return 'Not sent: too many messages, wait a moment';
    case 'forbidden':
      return 'Not sent: you are not in this room';
    case 'bad_request':
      return 'Not sent: the message was refused';
    case undefined:
      return 'Not sent';
    default:
      return 'Not sent: something went wrong';
  }
}
