//! One way to read the base without freezing the window, shared by the sections until the
//! task service of issue 12 owns every background thread.

use std::sync::mpsc::{self, Receiver};

use crate::store::Store;

/// Runs `read` on a thread named `thread_name` over a second, read-only connection to the
/// base, and hands its answer back through the returned receiver, waking the window
/// (`ctx`) when it is there. Without a thread (none could start), runs it here: the
/// answer is then already in the receiver. A second connection that cannot open makes
/// the receiver report `Disconnected`.
///
/// A receiver dropped meanwhile (the app locked, or asked again) makes the answer go
/// nowhere; the thread's connection, and its copy of the key, are dropped before the
/// answer is sent.
pub(super) fn read_in_background<T, F>(
    store: &Store,
    thread_name: &str,
    ctx: Option<egui::Context>,
    read: F,
) -> Receiver<T>
where
    T: Send + 'static,
    F: Fn(&Store) -> T + Clone + Send + 'static,
{
    let (sender, receiver) = mpsc::channel();
    // The connection is opened by the thread (1–15 ms that were a frame's), so a
    // connection that cannot open is known there: the receiver then reports
    // `Disconnected`, as for a thread that died, and each section says so in French.
    let opener = store.reader_opener();
    let thread_sender = sender.clone();
    let read_here = read.clone();
    let spawned = std::thread::Builder::new()
        .name(thread_name.to_owned())
        .spawn(move || {
            let Ok(reader) = opener.open() else {
                return;
            };
            let answer = read(&reader);
            drop(reader);
            if thread_sender.send(answer).is_ok()
                && let Some(ctx) = ctx
            {
                ctx.request_repaint();
            }
        });
    if spawned.is_err() {
        let _ = sender.send(read_here(store));
    }
    receiver
}

/// Drops `value` on a short-lived named thread (here if none can start): large lists (a
/// board of 10,000 cards, a packet's preview, the matching data) are freed off the UI
/// thread, where freeing them took a frame of its own.
pub(super) fn drop_elsewhere<T: Send + 'static>(value: T) {
    // Not started: `spawn` dropped the closure, and the value with it, here.
    let _ = std::thread::Builder::new()
        .name("passerelle-liberation".to_owned())
        .spawn(move || drop(value));
}
