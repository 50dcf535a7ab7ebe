import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

const CLI = fileURLToPath(new URL('../../node_modules/@microsoft/m365agentsplayground/cli.js', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One Agents Playground: its users come from the .m365agentsplayground.yml in `cwd`. */
export class Playground {
  private child: ChildProcess | undefined;
  port = 0;
  output = '';

  constructor(
    private readonly cwd: string,
    private readonly botPort: number,
  ) {}

  async start(): Promise<void> {
    const wanted = await freePort();
    const child = spawn(
      process.execPath,
      [
        CLI,
        '--app-endpoint',
        `http://127.0.0.1:${this.botPort}/api/messages`,
        '--channel-id',
        'msteams',
        '--port',
        String(wanted),
        '--disable-telemetry',
      ],
      {
        cwd: this.cwd,
        env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    // If the port was taken meanwhile the Playground silently picks another: read the one it says.
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the Playground did not start: ${this.output}`)), 60_000);
      const read = (chunk: Buffer) => {
        this.output += chunk.toString();
        const port = /Listening on (\d+)/.exec(this.output)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve(Number(port));
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the Playground exited with ${code}: ${this.output}`));
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The browser comes with the project's own install: @sparticuz/chromium ships a compressed
 * Chromium inside the npm package (unpacked to the temp folder on first use), so `npm ci && npm
 * test` needs nothing installed by hand. CHROMIUM_PATH overrides it (Debian's /usr/bin/chromium, say).
 */
export async function launchChromium(): Promise<Browser> {
  const override = process.env.CHROMIUM_PATH;
  if (override && !existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`);
  const packaged = override
    ? undefined
    : ((await import('@sparticuz/chromium')).default as { executablePath(): Promise<string>; args: string[] });
  const executablePath = override ?? (await packaged!.executablePath());
  const args = [...new Set([...(packaged?.args ?? []).filter((a) => !a.startsWith('--headless')), ...FLAGS])];
  return chromium.launch({ executablePath, args });
}

/** A Playground page with every non-loopback request blocked (offline, the CDN fonts would stall it). */
export async function openPlayground(browser: Browser, port: number): Promise<ChatPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.route('**/*', (route) =>
    ['127.0.0.1', 'localhost'].includes(new URL(route.request().url()).hostname) ? route.continue() : route.abort(),
  );
  await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-lexical-editor="true"]').waitFor({ timeout: 30_000 });
  return new ChatPage(page);
}

export class ChatPage {
  /** What the user last sent and the bot's answer to it, for telling the Playground's race apart (see `click`). */
  private sent: string | undefined;
  private answer: string | RegExp | undefined;

  constructor(readonly page: Page) {}

  /** Waits until `text` is shown (the newest occurrence). */
  async sees(text: string | RegExp, timeout = 20_000): Promise<void> {
    await this.page.getByText(text).last().waitFor({ timeout });
  }

  async type(text: string, expect: string | RegExp): Promise<void> {
    await this.page.locator('[data-lexical-editor="true"]').click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await this.heard(text, expect);
  }

  private async heard(sent: string | undefined, expect: string | RegExp): Promise<void> {
    this.sent = sent;
    this.answer = expect;
    await this.sees(expect);
  }

  /**
   * Opens a chat from the list and waits until it is open: the first time, the Playground tells
   * the bot it was added and the bot's welcome shows under the chat's name. On a busy machine a
   * click that lands while the list is still being drawn is lost: it is made again.
   */
  async openChat(name: string, welcome: string | RegExp): Promise<void> {
    const item = this.page.getByRole('treeitem').filter({ hasText: name });
    await this.untilShown(item.filter({ hasText: welcome }).first(), () => item.first().click());
  }

  /** Does `act` until `shown` appears, three times at most: on a busy machine the page sometimes loses the first. */
  private async untilShown(shown: Locator, act: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await act();
      try {
        await shown.waitFor({ timeout: 10_000 });
        return;
      } catch (error) {
        if (attempt === 3) throw await this.explained(error);
      }
    }
  }

  /** In a group chat the bot hears only what @mentions it: pick it from the mention menu, then type. */
  async typeToBot(botName: string, text: string, expect: string | RegExp): Promise<void> {
    // The mention menu sometimes does not open when the '@' is typed while the editor is still
    // settling (a busy machine): clear the box and type it again.
    const menuItem = this.page.getByRole('menuitem', { name: botName });
    await this.untilShown(menuItem, async () => {
      await this.page.locator('[data-lexical-editor="true"]').click();
      await this.page.keyboard.press('ControlOrMeta+A');
      await this.page.keyboard.press('Backspace');
      await this.page.keyboard.type(`@${botName.slice(0, 4)}`);
    });
    await menuItem.click();
    await this.page.keyboard.type(` ${text}`);
    await this.page.keyboard.press('Enter');
    await this.heard(undefined, expect); // what was sent shows with the mention in front of it
  }

  /**
   * Clicks a button: a card's, or one the bot offered under its question (suggested actions).
   *
   * The Playground shows suggested actions only under the chat's last message, and adds the user's
   * own message to the chat when its POST is answered — so on a busy machine the bot's answer can
   * arrive first and the user's message lands under it, hiding the buttons (in its client,
   * `sendMessage` then `addPersonalChatMessage`; Teams orders by the service). Only in that case,
   * seen on the page, the button's title is typed: an imBack button sends exactly its title.
   */
  async click(button: string, expect: string | RegExp): Promise<void> {
    const target = this.page.getByRole('button', { name: button, exact: true }).last();
    try {
      await target.waitFor({ timeout: 15_000 });
    } catch (error) {
      if (!(await this.userMessageBelowAnswer())) throw await this.explained(error);
      console.warn(
        `The Playground put "${this.sent}" under the bot's answer and hid its buttons; "${button}" is typed, as the button would send it.`,
      );
      return this.type(button, expect);
    }
    await target.click();
    await this.heard(button, expect);
  }

  private async userMessageBelowAnswer(): Promise<boolean> {
    if (this.sent === undefined || this.answer === undefined) return false;
    // The lowest on the page: the chat list beside it shows the last message too, higher up.
    const lowest = async (text: string | RegExp, exact: boolean) => {
      const boxes = await Promise.all(
        (await this.page.getByText(text, { exact }).all()).map((match) => match.boundingBox()),
      );
      return Math.max(-1, ...boxes.map((box) => box?.y ?? -1));
    };
    const [answer, sent] = await Promise.all([lowest(this.answer, false), lowest(this.sent, true)]);
    return answer >= 0 && sent > answer;
  }

  /** The error with what the page shows at the end, to tell a slow bot from a client that lost something. */
  private async explained(error: unknown): Promise<Error> {
    const text = await this.page
      .locator('body')
      .innerText()
      .catch(() => '');
    await this.page.screenshot({ path: join(tmpdir(), `playground-failure-${Date.now()}.png`) }).catch(() => undefined);
    return new Error(`${(error as Error).message}\n--- the page ends with:\n${text.slice(-1500)}`);
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  /**
   * A partner's invite dialog, typed and clicked as a person would, up to "Send it?": `preview` is
   * what the dry run must have said about the customer; Azure, auto-extend on, the proposed name kept.
   */
  async walkInviteDialog(invite: {
    domain: string;
    preview: string;
    roles: string;
    days: string;
    email: string;
    message: string;
  }): Promise<void> {
    await this.type(`invite ${invite.domain}`, 'Which services will you provide');
    await this.sees(invite.preview);
    await this.click('Azure', 'Which admin roles do you request?');
    await this.type(invite.roles, 'For how many days (1–730)?');
    await this.click(invite.days, 'Extend the admin roles automatically');
    await this.click('Yes', "The customer administrator's e-mail");
    await this.type(invite.email, 'A message for the customer');
    await this.type(invite.message, 'The relationship will be named');
    await this.click('Keep', 'Here is the invitation. Send it?');
  }
}
