import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that parses every mail it accepts (mailparser),
 * so a test reads mails as a mail client would. `refuse(n)` answers the next n mails with a
 * temporary failure (451), as a relay that is having trouble does.
 */
export class MailCatcher {
  readonly mails: ParsedMail[] = [];
  /** every envelope recipient (`RCPT TO`) of the mails accepted */
  readonly envelopeTo: string[] = [];
  private refusals = 0;
  private server!: SMTPServer;
  port = 0;

  /** Listens on `port` (0: any free one). */
  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Closing ends open sessions at once (the default waits 30 s for them).
      closeTimeout: 100,
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            if (this.refusals > 0) {
              this.refusals -= 1;
              const error = new Error('try again later') as Error & { responseCode: number };
              error.responseCode = 451;
              return callback(error);
            }
            this.mails.push(mail);
            this.envelopeTo.push(...session.envelope.rcptTo.map((rcpt) => rcpt.address));
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    // A client killed mid-session (a crash test's `kill -9`) resets its connection: expected here.
    this.server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') throw error;
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  refuse(count: number): void {
    this.refusals += count;
  }

  /** The mails to `address`. */
  to(address: string): ParsedMail[] {
    return this.mails.filter((mail) =>
      [mail.to ?? []].flat().some((to) => to.value.some((a) => a.address === address)),
    );
  }

  /** Resolves once `predicate` holds for the mails caught (fails after `timeoutMs`). */
  async waitFor(
    predicate: (mails: ParsedMail[]) => boolean,
    what: string,
    timeoutMs = 15_000,
  ): Promise<ParsedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.mails)) {
      if (Date.now() > deadline) {
        const subjects = this.mails.map((mail) => mail.subject).join(' | ');
        throw new Error(`waited for ${what}; caught ${this.mails.length}: ${subjects}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.mails;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
