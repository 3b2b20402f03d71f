import { NatterError, codeOfStatus } from '../natter-error.js';

/** One PUT of a file's bytes to the URL the server handed out. */
export interface UploadRequest {
  url: string;
  method: string;
  headers: Readonly<Record<string, string>>;
  body: Blob;
  /** Called with 0..1 as bytes go out. */
  onProgress(fraction: number): void;
  signal: AbortSignal;
}

/** Sends the bytes; rejects with a NatterError (`network`, an HTTP code, or `aborted` as `network`). */
export type UploadTransport = (request: UploadRequest) => Promise<void>;

/**
 * The browser's transport: XMLHttpRequest, the one API that reports upload progress. Where it is
 * missing (Node), fetch without progress.
 */
export const defaultUploadTransport: UploadTransport = (request) =>
  typeof XMLHttpRequest === 'function' ? xhrUpload(request) : fetchUpload(request);

function xhrUpload(request: UploadRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) request.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        request.onProgress(1);
        resolve();
      } else {
        reject(statusError(xhr.status));
      }
    };
    xhr.onerror = () => reject(new NatterError('network', 'the upload did not reach the server'));
    xhr.onabort = () => reject(abortError());
    if (request.signal.aborted) {
      reject(abortError());
      return;
    }
    request.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(request.body);
  });
}

async function fetchUpload(request: UploadRequest): Promise<void> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal.aborted) throw abortError();
    throw new NatterError('network', 'the upload did not reach the server', { cause: error });
  }
  if (!response.ok) throw statusError(response.status);
  request.onProgress(1);
}

function statusError(status: number): NatterError {
  return new NatterError(codeOfStatus(status), `upload answered HTTP ${status}`, { status });
}

function abortError(): NatterError {
  return new NatterError('network', 'upload cancelled', { cause: 'aborted' });
}
