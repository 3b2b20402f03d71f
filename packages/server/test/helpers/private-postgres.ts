import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './private-redis.js';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';
/** initdb refuses to run as root: as root, the cluster belongs to (and runs as) this user. */
const SERVICE_USER = 'postgres';

/**
 * A PostgreSQL of the test's own, in a temporary directory on its own port, that the test may
 * stop and start again: outages are tested on it, never on the machine's shared PostgreSQL.
 * fsync is off (a test instance: a crash of the machine may lose it, a restart of PostgreSQL
 * does not).
 */
export class PrivatePostgres {
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  /** Creates the cluster and starts it. */
  static async start(): Promise<PrivatePostgres> {
    const dir = await mkdtemp(join(tmpdir(), 'natter-pg-'));
    const postgres = new PrivatePostgres(dir, await freePort());
    if (asRoot()) {
      const { stdout } = await run('id', ['-u', SERVICE_USER]);
      const { stdout: gid } = await run('id', ['-g', SERVICE_USER]);
      await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await postgres.exec('initdb', [
      '--pgdata',
      postgres.dataDir,
      '--auth',
      'trust',
      '--username',
      'postgres',
      '--encoding',
      'UTF8',
      '--no-sync',
    ]);
    await postgres.restart();
    return postgres;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** Starts it (again, on the same port); resolves once it accepts connections. */
  async restart(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      // Its socket directory is its own: the system's /var/run/postgresql belongs to the shared one.
      `-c unix_socket_directories=${this.dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    await this.exec('pg_ctl', [
      'start',
      '--pgdata',
      this.dataDir,
      '--wait',
      '--log',
      join(this.dir, 'server.log'),
      '-o',
      options,
    ]);
  }

  /** Stops it ("fast": open connections are cut, as in a restart or failover) and waits. */
  async stop(): Promise<void> {
    await this.exec('pg_ctl', ['stop', '--pgdata', this.dataDir, '--mode', 'fast', '--wait']);
  }

  /** Stops it if it runs and deletes its files. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private async exec(command: string, args: string[]): Promise<void> {
    const path = join(BIN, command);
    await (asRoot() ? run('runuser', ['-u', SERVICE_USER, '--', path, ...args]) : run(path, args));
  }
}

const asRoot = () => userInfo().uid === 0;
