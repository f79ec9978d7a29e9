import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; body: string };

/** A real SMTP server on 127.0.0.1 that keeps every message it is handed, in `mails`. */
export async function smtpReceiver(port: number) {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, done) {
      let body = "";
      stream.on("data", (c) => (body += c));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}
