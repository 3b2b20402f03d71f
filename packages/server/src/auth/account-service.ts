import type { AuthResponse, ChangePasswordBody, LoginBody, RegisterBody } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Publisher } from '../realtime/publisher.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { presentUser } from '../users/user-presenter.js';
import {
  findPasswordHash,
  findUserByUsername,
  insertUser,
  setPasswordHash,
} from '../users/user-repository.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import type { Session, SessionStore } from './session-store.js';

const wrongCredentials = () => new AppError('unauthorized', 'wrong username or password');

/** Sign-up, sign-in and sign-out. */
export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionStore,
    private readonly publisher: Publisher,
    private readonly rateLimits: RateLimits,
  ) {}

  async register(body: RegisterBody, ip: string): Promise<AuthResponse> {
    await this.rateLimits.consume('registerPerIp', ip);
    const passwordHash = await hashPassword(body.password);
    const row = await insertUser(this.db, {
      username: body.username,
      displayName: body.displayName ?? body.username,
      passwordHash,
    });
    if (!row) throw new AppError('conflict', 'username is taken');
    const { token } = await this.sessions.create(row.id);
    return { user: presentUser(row), token };
  }

  /**
   * Guesses are limited per address, per account-and-address, and per account from anywhere (with
   * a block, so a botnet spreading guesses over addresses backs off); success clears the
   * account-and-address count. Attempts are counted before the account is looked up, so an unknown
   * username is limited exactly like a known one. `ip` is the address key (IPv6 by its /64).
   */
  async login(body: LoginBody, ip: string): Promise<AuthResponse> {
    const accountKey = `${body.username}\u0000${ip}`;
    await this.rateLimits.consume('loginPerIp', ip);
    await this.rateLimits.consume('loginPerAccountAndIp', accountKey);
    await this.rateLimits.consume('loginPerAccount', body.username);
    const row = await findUserByUsername(this.db, body.username);
    // Unknown users cost a hash too, so timing does not tell which usernames exist.
    const valid = await verifyPassword(
      row?.passwordHash ?? (await decoyPasswordHash()),
      body.password,
    );
    if (!row || !valid) throw wrongCredentials();
    await this.rateLimits.reset('loginPerAccountAndIp', accountKey);
    const { token } = await this.sessions.create(row.id);
    return { user: presentUser(row), token };
  }

  /** Revokes the session's token and disconnects every socket opened with it. */
  async logout(session: Session): Promise<void> {
    await this.sessions.revoke(session.sessionId);
    await this.publisher.disconnectSession(session.sessionId);
  }

  /**
   * Changes the password after checking the current one, and ends every OTHER session of the user
   * (their sockets too) in the same step: whoever knew the old password is signed out, the device
   * making the change stays. A wrong current password is `forbidden`, not `unauthorized`: the
   * caller's session is fine, and clients treat 401 as "signed out". Attempts are budgeted
   * tightly (`passwordChangesPerUser`): a stolen session must not become a password oracle.
   */
  async changePassword(session: Session, body: ChangePasswordBody): Promise<void> {
    await this.rateLimits.consume('passwordChangesPerUser', session.userId);
    const currentHash = await findPasswordHash(this.db, session.userId);
    if (!currentHash || !(await verifyPassword(currentHash, body.currentPassword))) {
      throw new AppError('forbidden', 'currentPassword: the current password is wrong');
    }
    const passwordHash = await hashPassword(body.newPassword);
    await this.db.transaction(async (tx) => {
      await setPasswordHash(tx, session.userId, passwordHash);
      await this.sessions.revokeOthersOfUser(session.userId, session.sessionId, tx);
    });
    await this.publisher.disconnectUserExceptSession(session.userId, session.sessionId);
  }

  /** Ends every session of the user and disconnects all their sockets ("sign out everywhere"). */
  async logoutAll(session: Session): Promise<void> {
    await this.rateLimits.consume('logoutAllPerUser', session.userId);
    await this.sessions.revokeAllOfUser(session.userId);
    await this.publisher.disconnectUser(session.userId);
  }
}
