//! Locking on the operating system's signals (Linux): the laptop going to sleep (logind
//! `PrepareForSleep`), the session being locked (logind's session `Lock`), the screen saver
//! starting (`org.freedesktop.ScreenSaver` / `org.gnome.ScreenSaver` `ActiveChanged`).
//!
//! A pure-Rust D-Bus client (zbus) listens on one named thread per bus and sends what it
//! sees through a channel, waking the app, whose `logic` locks even while the window is
//! hidden. Where there is no bus (CI, Xvfb, a minimal session) the threads end quietly:
//! the idle clocks remain (see `idle.rs`).

use std::sync::mpsc::{Receiver, Sender, channel};

/// What the system said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OsSignal {
    /// The machine is about to sleep.
    Sleep,
    /// The session or the screen was locked.
    SessionLocked,
}

impl OsSignal {
    /// The notice on the lock screen.
    pub fn notice(self) -> &'static str {
        match self {
            OsSignal::Sleep => crate::ui::shell::text::LOCKED_BY_SLEEP,
            OsSignal::SessionLocked => crate::ui::shell::text::LOCKED_WITH_SESSION,
        }
    }
}

/// Which buses to listen on.
#[derive(Debug, Clone, Default)]
pub enum Buses {
    /// The user's session bus and the system bus, as the desktop gives them.
    #[default]
    Desktop,
    /// Only the session bus at this address (tests run a private `dbus-daemon`).
    SessionAt(String),
}

/// The signals heard by the listeners, read by the window in `App::logic`.
pub type Signals = Receiver<OsSignal>;

/// Starts the listeners; the receiver yields the signals. `wake` is called after each one.
pub fn listen(buses: Buses, wake: impl Fn() + Clone + Send + 'static) -> Signals {
    let (sender, receiver) = channel();
    #[cfg(target_os = "linux")]
    {
        linux::start(buses, sender, wake);
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (buses, sender, wake);
    }
    receiver
}

/// Sends a signal and wakes the app; false once the app is gone.
fn deliver(sender: &Sender<OsSignal>, wake: &impl Fn(), signal: OsSignal) -> bool {
    let alive = sender.send(signal).is_ok();
    wake();
    alive
}

#[cfg(target_os = "linux")]
mod linux {
    use std::sync::mpsc::Sender;

    use zbus::blocking::{Connection, MessageIterator, fdo::DBusProxy};
    use zbus::message::Type;
    use zbus::zvariant::OwnedObjectPath;
    use zbus::{MatchRule, Message};

    use super::{Buses, OsSignal, deliver};

    pub(super) fn start(
        buses: Buses,
        sender: Sender<OsSignal>,
        wake: impl Fn() + Clone + Send + 'static,
    ) {
        let session_address = match buses {
            Buses::Desktop => {
                let (system_sender, system_wake) = (sender.clone(), wake.clone());
                // A thread that cannot start only loses the early warning: the clocks
                // still lock.
                let _ = std::thread::Builder::new()
                    .name("passerelle-dbus-system".into())
                    .spawn(move || {
                        let _ = watch_system(&system_sender, &system_wake);
                    });
                None
            }
            Buses::SessionAt(address) => Some(address),
        };
        let _ = std::thread::Builder::new()
            .name("passerelle-dbus-session".into())
            .spawn(move || {
                let _ = watch_session(session_address.as_deref(), &sender, &wake);
            });
    }

    fn signal_rule<'a>(interface: &'a str, member: &'a str) -> zbus::Result<MatchRule<'a>> {
        Ok(MatchRule::builder()
            .msg_type(Type::Signal)
            .interface(interface)?
            .member(member)?
            .build())
    }

    /// logind on the system bus: sleep, and the lock of *our* session.
    fn watch_system(sender: &Sender<OsSignal>, wake: &impl Fn()) -> zbus::Result<()> {
        let conn = Connection::system()?;
        // Our session, so that another user's lock screen does not lock this app.
        let session: Option<OwnedObjectPath> = conn
            .call_method(
                Some("org.freedesktop.login1"),
                "/org/freedesktop/login1",
                Some("org.freedesktop.login1.Manager"),
                "GetSessionByPID",
                &(std::process::id()),
            )
            .ok()
            .and_then(|reply| reply.body().deserialize::<OwnedObjectPath>().ok());
        let bus = DBusProxy::new(&conn)?;
        bus.add_match_rule(signal_rule(
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
        )?)?;
        let lock = match &session {
            Some(path) => MatchRule::builder()
                .msg_type(Type::Signal)
                .interface("org.freedesktop.login1.Session")?
                .member("Lock")?
                .path(path.as_ref())?
                .build(),
            None => signal_rule("org.freedesktop.login1.Session", "Lock")?,
        };
        bus.add_match_rule(lock)?;
        for message in MessageIterator::from(&conn) {
            let Ok(message) = message else { continue };
            let signal = match member_of(&message).as_deref() {
                // PrepareForSleep(true) before sleeping, (false) after waking.
                Some("PrepareForSleep")
                    if message.body().deserialize::<bool>().unwrap_or(false) =>
                {
                    Some(OsSignal::Sleep)
                }
                Some("Lock")
                    if interface_of(&message).as_deref()
                        == Some("org.freedesktop.login1.Session") =>
                {
                    Some(OsSignal::SessionLocked)
                }
                _ => None,
            };
            if let Some(signal) = signal
                && !deliver(sender, wake, signal)
            {
                break;
            }
        }
        Ok(())
    }

    /// The screen saver on the session bus (freedesktop and GNOME names).
    fn watch_session(
        address: Option<&str>,
        sender: &Sender<OsSignal>,
        wake: &impl Fn(),
    ) -> zbus::Result<()> {
        let conn = match address {
            None => Connection::session()?,
            Some(address) => zbus::blocking::connection::Builder::address(address)?.build()?,
        };
        let bus = DBusProxy::new(&conn)?;
        for interface in ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"] {
            bus.add_match_rule(signal_rule(interface, "ActiveChanged")?)?;
        }
        for message in MessageIterator::from(&conn) {
            let Ok(message) = message else { continue };
            let active = member_of(&message).as_deref() == Some("ActiveChanged")
                && message.body().deserialize::<bool>().unwrap_or(false);
            if active && !deliver(sender, wake, OsSignal::SessionLocked) {
                break;
            }
        }
        Ok(())
    }

    fn member_of(message: &Message) -> Option<String> {
        let header = message.header();
        (header.message_type() == Type::Signal)
            .then(|| header.member().map(std::string::ToString::to_string))
            .flatten()
    }

    fn interface_of(message: &Message) -> Option<String> {
        message
            .header()
            .interface()
            .map(std::string::ToString::to_string)
    }
}
