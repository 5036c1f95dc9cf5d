//! Notifications in the reader's language: the message a notification was stored with and its
//! arguments, rendered with the texts of [`crate::i18n`] (`notice.{message}.title` and
//! `.body`); one written before messages shows its stored text.

use crate::i18n::Lang;
use lode_db::notifications::Notification;
use serde::Serialize;

/// What the API shows of a notification: its text in the caller's language.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NotificationView {
    pub id: i64,
    /// `overdue`, `due_soon`, `certificate_expiring`, `application_…`.
    pub kind: String,
    pub incoming_id: Option<i64>,
    pub title: String,
    pub body: String,
    /// Where in lode to act on it.
    pub link: String,
    pub created_at: String,
    pub read_at: Option<String>,
}

/// The title and body of `n` in `l`.
pub fn text(l: Lang, n: &Notification) -> (String, String) {
    match &n.message {
        Some(m) => {
            let args = with_choices_known(&n.args);
            (
                l.fill(&format!("notice.{m}.title"), &args),
                l.fill(&format!("notice.{m}.body"), &args),
            )
        }
        None => (n.title.clone(), n.body.clone()),
    }
}

/// The choices a message may make (`has_deadline`, `has_note`: what a notice was sent with),
/// `no` where a notice stored before them does not say.
fn with_choices_known(args: &serde_json::Value) -> serde_json::Value {
    let mut args = args.clone();
    if let serde_json::Value::Object(map) = &mut args {
        for choice in ["has_deadline", "has_note"] {
            map.entry(choice).or_insert_with(|| "no".into());
        }
    }
    args
}

/// The texts a capability's `messages` lack, as `notice.{message}.{title|body}` in a language:
/// what its tests find empty.
pub fn unreadable(messages: &[&str]) -> Vec<String> {
    let mut missing = Vec::new();
    for m in messages {
        for part in ["title", "body"] {
            let key = format!("notice.{m}.{part}");
            for l in [Lang::Vi, Lang::En] {
                if l.lookup(&key).is_none() {
                    missing.push(format!("{key} ({})", l.code()));
                }
            }
        }
    }
    missing
}

/// A capability's test that each message it tells (the expression, a list of codes) has its
/// title and body in both languages.
#[macro_export]
macro_rules! every_notice_reads_in_both_languages {
    ($messages:expr) => {
        #[cfg(test)]
        mod notices {
            #[test]
            fn every_message_it_tells_reads_in_both_languages() {
                let messages: Vec<&str> = $messages;
                assert_eq!($crate::notices::unreadable(&messages), Vec::<String>::new());
            }
        }
    };
}

pub fn view(l: Lang, n: &Notification) -> NotificationView {
    let (title, body) = text(l, n);
    NotificationView {
        id: n.id,
        kind: n.kind.clone(),
        incoming_id: n.incoming_id,
        title,
        body,
        link: n.link.clone(),
        created_at: n.created_at.clone(),
        read_at: n.read_at.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_of_an_account_reads_in_both_languages() {
        assert_eq!(
            unreadable(lode_db::accounts::NOTICE_MESSAGES),
            Vec::<String>::new()
        );
        assert_eq!(
            unreadable(&["no_such_message"]).len(),
            4,
            "a title and a body missing in each language"
        );
    }

    #[test]
    fn a_notification_reads_in_its_readers_language() {
        let n = Notification {
            id: 1,
            kind: "overdue".into(),
            incoming_id: Some(7),
            message: Some("incoming_overdue".into()),
            args: serde_json::json!({"arrival": 12, "year": 2026, "notation": "45/BNNMT-ĐCKS", "deadline_day": "2026-12-01"}),
            title: String::new(),
            body: String::new(),
            link: "/incoming/7".into(),
            created_at: "2026-12-04T01:00:00.000000Z".into(),
            read_at: None,
        };
        assert_eq!(
            text(Lang::Vi, &n),
            (
                "Văn bản đến số 12/2026 (45/BNNMT-ĐCKS) đã quá hạn giải quyết".to_string(),
                "Hạn giải quyết là ngày 01/12/2026. Vui lòng xử lý ngay; nếu cần thêm thời gian, gửi đề nghị gia hạn trên trang văn bản."
                    .to_string()
            )
        );
        assert_eq!(
            text(Lang::En, &n).0,
            "Incoming document 12/2026 (45/BNNMT-ĐCKS) is overdue"
        );
        // one written before messages keeps its text
        let old = Notification {
            message: None,
            title: "Văn bản đến số 3/2026 đã quá hạn giải quyết".into(),
            body: "Hạn giải quyết là ngày 01/11/2026.".into(),
            ..n
        };
        assert_eq!(text(Lang::En, &old).0, old.title);
    }
}
