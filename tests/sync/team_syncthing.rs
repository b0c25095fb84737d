#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! Team sync through the real engine (issue 15): two Syncthing daemons on 127.0.0.1 with
//! generated homes (no discovery, no relays, no NAT, no global announce, GUI/API on
//! 127.0.0.1 random ports) share the team folder; a household created in base A appears
//! in base B, and an edit made in B comes back to A. Bounded in time; the test stops both
//! daemons itself (also when it fails). Skipped without `syncthing` unless
//! PASSERELLE_REQUIRE_EXTERNAL is set (`.ci/run` installs Debian's package and sets it).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use passerelle::domain::model::{Household, HousingSituation};
use passerelle::domain::programme::DEFAULT_PROGRAMME_ID;
use passerelle::domain::worker::Worker;
use passerelle::store::board::NewCase;
use passerelle::store::{KdfParams, Store, StorePaths};
use passerelle::team;
use uuid::Uuid;

const LIMIT: Duration = Duration::from_secs(90);

/// Stops the daemons whatever happens.
struct Daemons(Vec<Child>);

impl Drop for Daemons {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn generate(home: &Path) -> String {
    let out = Command::new("syncthing")
        .arg("generate")
        .arg(format!("--home={}", home.display()))
        .arg("--no-default-folder")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .find_map(|l| {
            l.split_once("Device ID:")
                .map(|(_, id)| id.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no device id in: {text}"))
}

struct Node {
    home: PathBuf,
    folder: PathBuf,
    id: String,
    port: u16,
}

fn config(me: &Node, other: &Node) -> String {
    let device = |n: &Node, name: &str| {
        format!(
            "<device id=\"{}\" name=\"{name}\" compression=\"metadata\" introducer=\"false\" \
             skipIntroductionRemovals=\"false\" introducedBy=\"\"><address>tcp://127.0.0.1:{}</address>\
             <paused>false</paused><autoAcceptFolders>false</autoAcceptFolders></device>",
            n.id, n.port
        )
    };
    format!(
        r#"<configuration version="36">
    <folder id="equipe" label="Equipe" path="{path}" type="sendreceive" rescanIntervalS="2" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="{me_id}" introducedBy=""></device>
        <device id="{other_id}" introducedBy=""></device>
    </folder>
    {me_dev}
    {other_dev}
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:{gui}</address>
        <apikey>passerelle-test-{gui}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <startBrowser>false</startBrowser>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
    </options>
</configuration>
"#,
        path = me.folder.display(),
        me_id = me.id,
        other_id = other.id,
        me_dev = device(me, "moi"),
        other_dev = device(other, "autre"),
        gui = free_port(),
        port = me.port,
    )
}

fn start(node: &Node, log: &Path) -> Child {
    let log = std::fs::File::create(log).unwrap();
    Command::new("syncthing")
        .arg("serve")
        .arg(format!("--home={}", node.home.display()))
        .args(["--no-browser", "--no-restart", "--no-upgrade"])
        .env("STNODEFAULTFOLDER", "1")
        .env("STNOUPGRADE", "1")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap()
}

/// Waits until `done` holds, or fails after [`LIMIT`].
fn wait(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + LIMIT;
    while !done() {
        assert!(Instant::now() < deadline, "{what}: not within {LIMIT:?}");
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn base(dir: &Path, first: &str, last: &str) -> Store {
    let paths = StorePaths::beside(dir.join("passerelle.db"));
    let (mut store, _) =
        Store::create(&paths, "le chat dort sur le toit", KdfParams::FLOOR).unwrap();
    store
        .set_current_worker(&Worker {
            id: Uuid::new_v4(),
            first_name: first.into(),
            last_name: last.into(),
            structure: String::new(),
            device: None,
        })
        .unwrap();
    store
}

#[test]
fn a_household_travels_through_two_real_syncthing_daemons_and_an_edit_comes_back() {
    if Command::new("syncthing").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("PASSERELLE_REQUIRE_EXTERNAL").is_none(),
            "syncthing is required (apt-get install syncthing)"
        );
        eprintln!("syncthing absent : essai de bout en bout non lancé");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let node = |name: &str| {
        let home = dir.path().join(format!("st-{name}"));
        let folder = dir.path().join(format!("Equipe-{name}"));
        std::fs::create_dir_all(folder.join(".stfolder")).unwrap();
        let id = generate(&home);
        Node {
            home,
            folder,
            id,
            port: free_port(),
        }
    };
    let a = node("a");
    let b = node("b");
    std::fs::write(a.home.join("config.xml"), config(&a, &b)).unwrap();
    std::fs::write(b.home.join("config.xml"), config(&b, &a)).unwrap();
    let _daemons = Daemons(vec![
        start(&a, &dir.path().join("a.log")),
        start(&b, &dir.path().join("b.log")),
    ]);
    std::fs::create_dir_all(dir.path().join("base-a")).unwrap();
    std::fs::create_dir_all(dir.path().join("base-b")).unwrap();
    let mut sa = base(&dir.path().join("base-a"), "Claire", "Vidal");
    let mut sb = base(&dir.path().join("base-b"), "Malik", "Haddad");
    let started = Instant::now();

    team::create(&mut sa, &a.folder).unwrap();
    wait("team.json from A to B", || {
        b.folder.join("team.json").exists()
    });
    let (_, card) = team::join(&mut sb, &b.folder).unwrap();
    let card_at_a = a.folder.join("cards").join(format!("{}.json", card.device));
    wait("B's card to A", || card_at_a.exists());
    team::admit(&mut sa, &card.device.to_string()).unwrap();
    wait("roster version 2 to B", || {
        team::refresh_roster(&mut sb).unwrap_or(0) == 2
    });

    let id = sa
        .create_case(&NewCase {
            household_label: "Famille Syncthing".into(),
            commune: "Aurillac".into(),
            housing_situation: HousingSituation::Heberge,
            programme_id: DEFAULT_PROGRAMME_ID,
            origin: "SIAO".into(),
            referent: String::new(),
        })
        .unwrap()
        .household_id;
    assert!(team::sync(&mut sa).unwrap().published.is_some());
    wait("the household in base B", || {
        team::sync(&mut sb).unwrap();
        sb.find::<Household>(id).unwrap().is_some()
    });
    let mut h: Household = sb.get(id).unwrap();
    h.label = "Famille Syncthing-Retour".into();
    sb.write(|tx| tx.put(&h).map(|_| ())).unwrap();
    assert!(team::sync(&mut sb).unwrap().published.is_some());
    wait("the edit back in base A", || {
        team::sync(&mut sa).unwrap();
        sa.get::<Household>(id).unwrap().label == "Famille Syncthing-Retour"
    });
    eprintln!(
        "aller-retour par deux Syncthing réels en {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
