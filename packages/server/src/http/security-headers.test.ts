import { describe, expect, it } from 'vitest';
import type { S3Config } from '../config.js';
import { bucketOrigin, pagePolicy } from './security-headers.js';

const s3 = (over: Partial<S3Config>): S3Config => ({
  bucket: 'natter-files',
  region: 'eu-west-1',
  accessKeyId: 'id',
  secretAccessKey: 'secret',
  forcePathStyle: false,
  ...over,
});

describe('bucketOrigin', () => {
  it('is the virtual-hosted bucket host on AWS', () => {
    expect(bucketOrigin(s3({}))).toBe('https://natter-files.s3.eu-west-1.amazonaws.com');
  });

  it('is the endpoint itself with path-style URLs, the bucket subdomain without', () => {
    expect(bucketOrigin(s3({ endpoint: 'http://minio:9000', forcePathStyle: true }))).toBe(
      'http://minio:9000',
    );
    expect(bucketOrigin(s3({ endpoint: 'https://r2.example.com' }))).toBe(
      'https://natter-files.r2.example.com',
    );
  });
});

describe('pagePolicy', () => {
  it('lets the page load images from and upload to the bucket when files live in one', () => {
    const policy = pagePolicy({ s3: s3({ endpoint: 'http://minio:9000', forcePathStyle: true }) });
    expect(policy).toContain("img-src 'self' blob: data: http://minio:9000");
    expect(policy).toContain("connect-src 'self' http://minio:9000");
  });

  it('names the websocket origin of the public URL, and varies frame-ancestors on request', () => {
    const policy = pagePolicy({ publicUrl: 'https://chat.example' }, 'https://shop.example');
    expect(policy).toContain("connect-src 'self' wss://chat.example");
    expect(policy).toContain('frame-ancestors https://shop.example');
  });
});
