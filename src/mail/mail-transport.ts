import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env.schema';
import { MailRow } from './mails.repository';

/** Each step of the SMTP conversation (connecting, the greeting, any reply) within this. */
const TIMEOUT_MS = 15_000;
/**
 * A whole attempt within this, however a relay dribbles its replies; a mail is leased for 60 s.
 * An attempt given up may still complete later: the retry then sends the same `Message-ID`.
 */
export const ATTEMPT_MS = 45_000;

/**
 * Sends a rendered mail through `SMTP_URL` (nodemailer, a small connection pool), or, when no
 * relay is configured, writes it to the log: the zero-config start keeps working. Every header is
 * set here from fixed text or checked values; user text reaches only the subject (one line,
 * encoded by nodemailer), the body and the attachment.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transporter: Transporter | undefined;

  constructor(@Inject(ENV) private readonly env: Env) {
    this.transporter =
      env.smtpUrl === undefined
        ? undefined
        : createTransport({
            url: env.smtpUrl,
            pool: true,
            maxConnections: 5,
            connectionTimeout: TIMEOUT_MS,
            greetingTimeout: TIMEOUT_MS,
            socketTimeout: TIMEOUT_MS,
          });
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }

  async send(mail: MailRow): Promise<void> {
    if (this.transporter === undefined) {
      this.logger.log(
        { to: mail.recipient, messageId: mail.messageId, subject: mail.subject, text: mail.body },
        'mail (SMTP_URL is not set: logged, not sent)',
      );
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer from the relay in ${ATTEMPT_MS} ms`)),
        ATTEMPT_MS,
      );
    });
    const sent = this.transporter.sendMail({
      from: this.env.mailFrom,
      to: { name: '', address: mail.recipient },
      subject: mail.subject,
      text: mail.body,
      messageId: mail.messageId,
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments:
        mail.ics === null
          ? []
          : [
              {
                filename: 'event.ics',
                content: mail.ics,
                contentType: 'text/calendar; charset=utf-8',
              },
            ],
    });
    // Given up on, the send may still fail later: nobody waits for that answer any more.
    sent.catch(() => undefined);
    try {
      await Promise.race([sent, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
