import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import type { PushConfig } from '../config.js';
import type { Executor } from '../db/database.js';
import { vapidKeys } from '../db/schema.js';

/** The instance's VAPID key pair (base64url, as web-push and browsers take them). */
export interface VapidKeyPair {
  publicKey: string;
  privateKey: string;
}

/** The one row of `vapid_keys`. */
const KEY_ROW = 1;

/**
 * The pair from the configuration (VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY), or else the one kept in
 * the database, made on first start. Every node of a cluster may get here at once: each inserts
 * its own fresh pair with ON CONFLICT DO NOTHING and then reads the row, so all end with the pair
 * of whichever insert won (browsers' subscriptions are bound to it; a second pair would break
 * them). The embedded database lives in DATA_DIR, so a single node keeps its pair there.
 */
export async function loadVapidKeys(db: Executor, config: PushConfig): Promise<VapidKeyPair> {
  if (config.vapidKeys) return config.vapidKeys;
  const fresh = webpush.generateVAPIDKeys();
  await db
    .insert(vapidKeys)
    .values({ id: KEY_ROW, ...fresh, createdAt: new Date() })
    .onConflictDoNothing({ target: vapidKeys.id });
  const [row] = await db
    .select({ publicKey: vapidKeys.publicKey, privateKey: vapidKeys.privateKey })
    .from(vapidKeys)
    .where(eq(vapidKeys.id, KEY_ROW));
  if (!row) throw new Error('the VAPID key pair was neither found nor stored');
  return row;
}
