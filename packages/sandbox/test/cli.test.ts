import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createSession } from './helpers.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[]) {
  const child = spawn(process.execPath, [inject('cliPath'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves with stdout once it contains `text`, or rejects when the process exits first. */
    waitFor: (text: string) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          if (stdout.includes(text)) resolve(stdout);
        };
        child.stdout?.on('data', check);
        check();
        void exited.then(() => reject(new Error(`exited before printing "${text}": ${stderr}`)));
      }),
  };
}

describe('ingo-sandbox CLI', () => {
  it('prints where it listens and the credentials, serves signed requests, and stops on SIGTERM', async () => {
    const cli = run([
      '--port',
      '0',
      '--username',
      'demo',
      '--secret',
      'demo-secret',
      '--participant-id',
      '777',
      '--quiet',
    ]);
    const stdout = await cli.waitFor('allowed origins');
    const url = /Ingo sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1] as string;
    expect(url).toBeDefined();
    expect(stdout).toMatch(/username:\s+demo/);
    expect(stdout).toMatch(/secret:\s+demo-secret/);
    expect(stdout).toMatch(/participant id:\s+777/);
    const ok = await createSession(url, undefined, { username: 'demo', secret: 'demo-secret' });
    expect(ok.json().status).toBe(100);
    const wrong = await createSession(url);
    expect(wrong.status).toBe(401);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('rejects bad options with a message and exit code 2', async () => {
    const badPort = run(['--port', 'abc']);
    expect(await badPort.exited).toBe(2);
    expect(badPort.output().stderr).toMatch(/--port must be a whole number/);

    const unknown = run(['--prot', '4010']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output().stderr).toMatch(/Unknown option '--prot'/);
    expect(unknown.output().stderr).toMatch(/Usage: ingo-sandbox/);

    const origins = run(['--port', '0', '--allowed-origins', 'localhost:3000']);
    expect(await origins.exited).toBe(2);
    expect(origins.output().stderr).toMatch(/not an allowed-origin pattern/);
  });

  it('--help prints the options', async () => {
    const help = run(['--help']);
    expect(await help.exited).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--username',
      '--secret',
      '--participant-id',
      '--url-ttl',
      '--max-attempts',
      '--allowed-origins',
    ]) {
      expect(help.output().stdout).toContain(flag);
    }
  });
});
