import type { TimelineMessage } from '@natter/client';
import { FILE_TOO_LARGE_MESSAGE } from '@natter/client';

/** Why a message was not sent, for people (the SDK's codes are for code). */
export function failureReason(message: Pick<TimelineMessage, 'error' | 'uploads'>): string {
  const code = message.error?.code;
  if (code === 'payload_too_large') return FILE_TOO_LARGE_MESSAGE;
  const uploading = message.uploads?.some((u) => u.attachmentId === undefined) ?? false;
  if (uploading) return 'Upload failed';
  switch (code) {
    case 'timeout':
      return 'Not sent: the server did not answer';
    case 'rate_limited':
      return 'Not sent: too many messages, wait a moment';
    // The SDK sends it again by itself after the server's delay (a restart, a node leaving).
    case 'unavailable':
      return 'Not sent yet: the server is busy, trying again';
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

/** A file over the size limit is refused again however often it is sent: only Discard helps. */
export function retryCanHelp(message: Pick<TimelineMessage, 'error'>): boolean {
  return message.error?.code !== 'payload_too_large';
}
