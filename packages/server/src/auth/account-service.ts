import type { AuthResponse, LoginBody, RegisterBody } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Publisher } from '../realtime/publisher.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { presentUser } from '../users/user-presenter.js';
import { findUserByUsername, insertUser } from '../users/user-repository.js';
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

  /** Guesses are limited per account-and-address and per address; success clears the former. */
  async login(body: LoginBody, ip: string): Promise<AuthResponse> {
    const accountKey = `${body.username}\u0000${ip}`;
    await this.rateLimits.consume('loginPerIp', ip);
    await this.rateLimits.consume('loginPerAccountAndIp', accountKey);
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
    this.publisher.disconnectSession(session.sessionId);
  }
}
