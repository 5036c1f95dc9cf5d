//! E-mail: a mail server given as a URL (`smtp://relay.example.vn:25`, `smtp://…?tls=required`
//! for STARTTLS, `smtps://user:password@host:465`), and the delivery of pending notifications
//! through it.

use lettre::message::{Mailbox, Message, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use lode_db::Db;
use lode_db::notifications::{self, PendingEmail};

/// A configured mail server and the sender address.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The address of lode as people reach it, for links in messages.
    base_url: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may hold a password: say only who sends.
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl Mailer {
    pub fn new(url: &str, from: &str, base_url: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("mail server URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("sender address {from:?}: {e}"))?;
        Ok(Self {
            transport,
            from,
            base_url: base_url.trim_end_matches('/').to_string(),
        })
    }

    /// Sends one message in plain text.
    pub async fn send(&self, to: Mailbox, subject: &str, text: String) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(text)?;
        self.transport.send(message).await?;
        Ok(())
    }

    async fn send_notification(&self, email: &PendingEmail) -> anyhow::Result<()> {
        let to = Mailbox::new(Some(email.to_name.clone()), email.to_address.parse()?);
        let n = &email.notification;
        // in Vietnamese, the agency's language (an account keeps no language of its own)
        let (title, body) = crate::notices::text(crate::i18n::Lang::Vi, n);
        let text = format!(
            "Kính gửi {name},\n\n{title}.\n{body}\n\nXem và xử lý: {base}{link}\n\n--\nlode · Cục Địa chất và Khoáng sản Việt Nam\n(Thư gửi tự động, vui lòng không trả lời.)\n",
            name = email.to_name,
            base = self.base_url,
            link = n.link,
        );
        self.send(to, &title, text).await
    }

    /// Sends the notifications waiting for e-mail; returns how many went out.
    pub async fn deliver_pending(&self, db: &Db) -> anyhow::Result<usize> {
        let mut sent = 0;
        loop {
            // one at a time, each claimed just before it goes: none waits out its claim
            let batch = notifications::claim_emails(db, 1).await?;
            if batch.is_empty() {
                return Ok(sent);
            }
            for email in &batch {
                let ok = match self.send_notification(email).await {
                    Ok(()) => true,
                    Err(e) => {
                        tracing::warn!(notification = email.notification.id, error = %e, "e-mail not sent");
                        false
                    }
                };
                notifications::record_email(db, email, ok).await?;
                sent += usize::from(ok);
                if !ok {
                    // the server is unwell: try the rest on the next round
                    return Ok(sent);
                }
            }
        }
    }
}
