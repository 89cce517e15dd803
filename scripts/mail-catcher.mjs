// A local mail catcher for development: an SMTP server on 127.0.0.1 (port 1025, or the first
// argument) that accepts every mail and prints it, parsed, to the terminal. Nothing leaves the
// machine. Start it with `npm run mail:catcher`, then the server with
// `SMTP_URL=smtp://127.0.0.1:1025 npm start`.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const port = Number(process.argv[2] ?? 1025);

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream).then(
      (mail) => {
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(', ');
        const attachments = mail.attachments.map((a) => `${a.filename} (${a.contentType})`);
        console.log(
          [
            `── ${new Date().toISOString()} ${'─'.repeat(40)}`,
            `From: ${mail.from?.text ?? ''}`,
            `To: ${to}`,
            `Subject: ${mail.subject ?? ''}`,
            `Message-ID: ${mail.messageId ?? ''}`,
            ...(attachments.length > 0 ? [`Attachments: ${attachments.join(', ')}`] : []),
            '',
            mail.text ?? '',
          ].join('\n'),
        );
        callback();
      },
      (error) => callback(error),
    );
  },
});

server.listen(port, '127.0.0.1', () => {
  console.log(`mail catcher on smtp://127.0.0.1:${port}: start the server with that SMTP_URL`);
});
