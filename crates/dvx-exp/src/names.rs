//! Experiment names: `-n NAME` checked as DVC checks it, or a random `adjective-noun` pair
//! (the shape DVC gives its names since 2.38; dvx has its own words).

use std::hash::{BuildHasher, Hasher};

use dvx_repo::exp_refs::ExpRef;
use dvx_repo::scm::Git;
use dvx_repo::{Error, Result};

const ADJECTIVES: &[&str] = &[
    "able", "airy", "amber", "ample", "aqua", "arid", "awake", "azure", "balmy", "bare", "beige",
    "best", "big", "bold", "brave", "brief", "bright", "brisk", "broad", "busy", "calm", "chief",
    "civic", "clean", "clear", "close", "cold", "cool", "coral", "cosy", "crisp", "curly", "cyan",
    "daft", "damp", "dark", "deep", "dense", "dewy", "dizzy", "dry", "dual", "dusky", "eager",
    "early", "easy", "edgy", "elder", "empty", "epic", "even", "exact", "fair", "fancy", "fast",
    "fine", "firm", "flat", "fleet", "fluid", "fond", "free", "fresh", "full", "fuzzy", "giant",
    "glad", "gold", "good", "grand", "great", "green", "grey", "happy", "hardy", "hasty", "hazy",
    "high", "holy", "huge", "icy", "ideal", "idle", "inner", "ivory", "jade", "jolly", "juicy",
    "keen", "kind", "large", "last", "late", "lazy", "lean", "level", "light", "lilac", "limp",
    "live", "lone", "long", "loud", "low", "lucid", "lucky", "lunar", "lush", "magic", "major",
    "mellow", "merry", "mild", "minor", "misty", "modal", "moist", "mossy", "muted", "naive",
    "near", "neat", "new", "nice", "nimble", "noble", "noisy", "north", "novel", "oaken", "odd",
    "olive", "open", "outer", "pale", "plain", "plush", "polar", "prime", "proud", "pure", "quick",
    "quiet", "rapid", "rare", "ready", "regal", "rich", "rigid", "ripe", "rosy", "rough", "round",
    "royal", "ruby", "rural", "rusty", "safe", "salty", "sandy", "sharp", "shiny", "short", "shy",
    "silky", "silver", "simple", "slim", "slow", "small", "smart", "snowy", "soft", "solar",
    "solid", "sonic", "sound", "spare", "spicy", "stable", "steady", "steep", "still", "stout",
    "sunny", "super", "sweet", "swift", "tall", "tame", "tan", "teal", "tender", "tidy", "tiny",
    "top", "true", "twin", "urban", "usual", "vast", "vivid", "warm", "wavy", "whole", "wide",
    "wild", "windy", "wise", "witty", "young", "zesty",
];

const NOUNS: &[&str] = &[
    "acorn", "alder", "anchor", "apple", "arch", "arrow", "aspen", "atlas", "atom", "badge",
    "bark", "basin", "bay", "beach", "beam", "bean", "bear", "bee", "bell", "birch", "bird",
    "bison", "bloom", "boat", "bolt", "bone", "brook", "brush", "cabin", "cable", "cake", "camel",
    "canal", "cape", "cedar", "chalk", "cliff", "cloud", "clover", "coast", "comet", "coral",
    "crane", "creek", "crow", "cube", "dawn", "deer", "delta", "dew", "disk", "dove", "drum",
    "dune", "eagle", "echo", "elm", "ember", "fern", "field", "finch", "fjord", "flame", "flint",
    "fog", "forest", "fox", "frog", "frost", "gate", "gecko", "glade", "glow", "goat", "grove",
    "gull", "harbor", "hare", "hawk", "hazel", "heron", "hill", "hive", "horse", "island", "ivy",
    "jay", "kelp", "kite", "koala", "lake", "lamp", "lark", "leaf", "lemon", "lily", "lime",
    "lion", "llama", "lotus", "lynx", "maple", "marsh", "meadow", "mesa", "mint", "moon", "moose",
    "moss", "moth", "mule", "newt", "nest", "oak", "oasis", "ocean", "orbit", "otter", "owl",
    "panda", "path", "peach", "pearl", "pebble", "pine", "plum", "pond", "poppy", "prism", "quail",
    "quartz", "rain", "raven", "reed", "reef", "ridge", "river", "robin", "rock", "rose", "sage",
    "sail", "salmon", "sand", "seal", "shell", "shore", "sky", "slate", "snail", "spark", "spruce",
    "star", "stone", "storm", "stream", "swan", "tide", "tiger", "trail", "tulip", "vale",
    "valley", "vine", "violet", "wave", "whale", "willow", "wind", "wolf", "wren", "yak", "yew",
    "zebra",
];

/// A random `adjective-noun` name no experiment of `baseline` has yet.
pub fn random_name(git: &Git, baseline: &str) -> String {
    loop {
        let name = generate();
        let refname = ExpRef {
            baseline: baseline.to_string(),
            name: name.clone(),
        }
        .refname();
        if git.ref_target(&refname).is_none() {
            return name;
        }
    }
}

fn generate() -> String {
    // std's per-process random keys: different in every process, whatever seed a pipeline set
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    let r = h.finish();
    let a = ADJECTIVES[(r % ADJECTIVES.len() as u64) as usize];
    let n = NOUNS[((r >> 32) % NOUNS.len() as u64) as usize];
    format!("{a}-{n}")
}

/// Refuses a name DVC would refuse: one with `/`, or one git cannot take as a ref name.
pub fn check_name(git: &Git, baseline: &str, name: &str) -> Result<()> {
    let refname = ExpRef {
        baseline: baseline.to_string(),
        name: name.to_string(),
    }
    .refname();
    if name.is_empty() || name.contains('/') || !git.is_valid_ref_name(&refname) {
        return Err(Error::user(format!(
            "Invalid exp name {name}, the exp name must follow rules in https://git-scm.com/docs/git-check-ref-format"
        ))
        .with_hint("a name is one git ref component: no '/', spaces, '..', '~', '^', ':', '?', '*' or '['"));
    }
    Ok(())
}

/// DVC's error for a name an experiment of the same baseline has already (`command`: the verb
/// whose `-f` overwrites it).
pub fn conflict(name: &str, command: &str) -> Error {
    Error::user(format!(
        "Experiment conflicts with existing experiment '{name}'. To overwrite the existing experiment run:\n\n\tdvx exp {command} -f ...\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_adjective_noun_pairs_that_vary() {
        let names: std::collections::HashSet<String> = (0..50).map(|_| generate()).collect();
        assert!(names.len() > 40, "{names:?}");
        for n in &names {
            let (a, b) = n.split_once('-').unwrap();
            assert!(ADJECTIVES.contains(&a) && NOUNS.contains(&b), "{n}");
        }
    }
}
