//! What Passerelle put on the clipboard, so that the lock can take it back.
//!
//! Only digests are kept (never the text itself): at lock, the clipboard is read and
//! cleared if it still holds something copied from Passerelle; text the worker copied
//! from another program since is left alone.

use sha2::{Digest, Sha256};

/// Digests of the texts copied from the app since the last lock.
#[derive(Default)]
pub struct CopiedTexts {
    digests: Vec<[u8; 32]>,
}

/// Keeps the list short: only the latest copies can still be on the clipboard.
const REMEMBERED: usize = 16;

fn digest(text: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"passerelle clipboard v1");
    h.update(text.as_bytes());
    h.finalize().into()
}

impl CopiedTexts {
    /// Records the texts egui is about to copy in this frame.
    pub fn record(&mut self, ctx: &egui::Context) {
        ctx.output(|output| {
            for command in &output.commands {
                if let egui::OutputCommand::CopyText(text) = command
                    && !text.is_empty()
                {
                    if self.digests.len() == REMEMBERED {
                        self.digests.remove(0);
                    }
                    self.digests.push(digest(text));
                }
            }
        });
    }

    /// Whether anything was copied since the last lock.
    pub fn any(&self) -> bool {
        !self.digests.is_empty()
    }

    /// Whether `current` (what the clipboard holds now) came from the app.
    pub fn is_ours(&self, current: &str) -> bool {
        let d = digest(current);
        self.digests.contains(&d)
    }

    /// At lock: clears the system clipboard if it still holds text copied from the app,
    /// and forgets the digests. Without a clipboard (no display) there is nothing to do.
    pub fn clear_ours(&mut self) {
        if !self.any() {
            return;
        }
        if let Ok(mut clipboard) = arboard::Clipboard::new()
            && let Ok(current) = clipboard.get_text()
            && self.is_ours(&current)
        {
            let _ = clipboard.clear();
        }
        self.digests.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_only_what_was_copied_from_the_app() {
        let ctx = egui::Context::default();
        let mut copied = CopiedTexts::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            ui.ctx()
                .copy_text("Famille Exemple, 12 rue des Tests".to_owned());
            copied.record(ui.ctx());
        });
        output.textures_delta.clear();
        assert!(copied.any());
        assert!(copied.is_ours("Famille Exemple, 12 rue des Tests"));
        assert!(!copied.is_ours("texte copié ailleurs"));
    }
}
