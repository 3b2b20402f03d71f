import type { Attachment } from '@natter/protocol';
import { richTextSummary } from '@natter/client/rich-text';

interface Summarised {
  type: string;
  content: string;
  attachments?: readonly Pick<Attachment, 'filename'>[] | undefined;
  uploads?: readonly { filename: string }[] | undefined;
}

/**
 * One line for a message in previews and reply quotes: its text without the Markdown, or what it
 * carries.
 */
export function messageSummary(message: Summarised): string {
  if (message.content !== '') return richTextSummary(message.content) || message.content;
  const files = message.attachments ?? message.uploads ?? [];
  const first = files[0]?.filename;
  if (message.type === 'image') return files.length > 1 ? `${files.length} photos` : 'Photo';
  if (first !== undefined) return files.length > 1 ? `${files.length} files` : first;
  return message.type === 'file' ? 'File' : '';
}
