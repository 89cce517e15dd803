import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env.schema';
import { MailRow } from './mails.repository';

/** An attempt that takes longer than this fails (and is retried): a stuck relay holds nothing. */
const TIMEOUT_MS = 15_000;

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
    await this.transporter.sendMail({
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
  }
}
