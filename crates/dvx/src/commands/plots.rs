//! `plots show` and `plots diff`: one HTML page of Vega-Lite plots, with the Vega scripts
//! written beside it so that it opens without a network.

use std::path::{Path, PathBuf};

use dvx_repo::compare::View;
use dvx_repo::error::IoContext;
use dvx_repo::plots::{definitions, vega};
use dvx_repo::Result;
use serde_json::Value as J;

use super::Env;
use crate::cli::{PlotsArgs, PlotsCommand, PlotsShowArgs};

/// The Vega scripts the page loads (BSD-3-Clause, see assets/vega/LICENSE-*).
const SCRIPTS: &[(&str, &[u8])] = &[
    (
        "vega.min.js",
        include_bytes!("../../assets/vega/vega.min.js"),
    ),
    (
        "vega-lite.min.js",
        include_bytes!("../../assets/vega/vega-lite.min.js"),
    ),
    (
        "vega-embed.min.js",
        include_bytes!("../../assets/vega/vega-embed.min.js"),
    ),
];

pub fn run(env: &Env, a: PlotsArgs) -> Result<u8> {
    match a.command {
        PlotsCommand::Show(s) => render(env, &s, &["workspace".to_string()]),
        PlotsCommand::Diff(d) => {
            let revs: Vec<String> = match d.revisions.len() {
                0 => vec!["HEAD".into(), "workspace".into()],
                1 => vec![d.revisions[0].clone(), "workspace".into()],
                _ => d.revisions.clone(),
            };
            let show = PlotsShowArgs {
                targets: d.targets,
                out: d.out,
                open: d.open,
            };
            render(env, &show, &revs)
        }
    }
}

fn render(env: &Env, a: &PlotsShowArgs, revs: &[String]) -> Result<u8> {
    let repo = env.repo()?;
    let targets: Vec<String> = a
        .targets
        .iter()
        .map(|t| {
            repo.rel(&dvx_repo::pipeline::normalize(
                &dvx_repo::fsutil::absolutize(&env.cwd, Path::new(t)),
            ))
        })
        .collect();
    let views: Vec<(String, View)> = revs
        .iter()
        .map(|r| Ok((r.clone(), View::open(&repo, r)?)))
        .collect::<Result<_>>()?;
    let defs = definitions(&views[views.len() - 1].1, &targets)?;
    if defs.is_empty() {
        // as DVC: nothing to draw is not a failure
        env.printer
            .note("No plots were loaded, visualization file will not be created.");
        return Ok(0);
    }
    let page = vega::page(&defs, &views, revs)?;
    for w in &page.warnings {
        env.printer.warn(w);
    }
    let specs = page.specs;
    let out =
        dvx_repo::fsutil::absolutize(&env.cwd, Path::new(a.out.as_deref().unwrap_or("dvc_plots")));
    let index = write_page(&out, &specs)?;
    env.printer.answer(format!("file://{}", index.display()));
    if a.open {
        open(env, &index);
    }
    Ok(0)
}

fn write_page(dir: &Path, specs: &[(String, J)]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).ctx("creating", dir)?;
    for (name, bytes) in SCRIPTS {
        let p = dir.join(name);
        if std::fs::read(&p).ok().as_deref() != Some(*bytes) {
            dvx_repo::fsutil::write_atomic(&p, bytes).ctx("writing", &p)?;
        }
    }
    let mut divs = String::new();
    for (i, (id, _)) in specs.iter().enumerate() {
        divs.push_str(&format!(
            "    <div class=\"plot\"><h3>{}</h3><div id=\"plot{i}\"></div></div>\n",
            html_escape(id)
        ));
    }
    let all: Vec<&J> = specs.iter().map(|(_, s)| s).collect();
    // `</` cannot appear inside a script element
    let data = serde_json::to_string(&all)
        .unwrap_or_default()
        .replace("</", "<\\/");
    let page = format!(
        r##"<!DOCTYPE html>
<html>
<head>
    <meta charset="utf-8">
    <title>dvx plots</title>
    <script src="vega.min.js"></script>
    <script src="vega-lite.min.js"></script>
    <script src="vega-embed.min.js"></script>
    <style>
        body {{ font-family: sans-serif; }}
        .plot {{ display: inline-block; vertical-align: top; margin: 15px; }}
    </style>
</head>
<body>
    <div id="status" data-plots="{n}" data-rendered="0" data-errors=""></div>
{divs}    <script type="text/javascript">
        const specs = {data};
        const errors = [];
        window.addEventListener("error", (e) => errors.push(String(e.message)));
        let rendered = 0;
        Promise.all(specs.map((spec, i) =>
            vegaEmbed("#plot" + i, spec, {{actions: false}})
                .then(() => {{ rendered += 1; }})
                .catch((e) => {{ errors.push("plot " + i + ": " + e); }})
        )).finally(() => {{
            const status = document.getElementById("status");
            status.dataset.rendered = String(rendered);
            status.dataset.errors = errors.join("; ");
            status.dataset.done = "true";
            if (errors.length) status.textContent = "Errors: " + errors.join("; ");
        }});
    </script>
</body>
</html>
"##,
        n = specs.len()
    );
    let index = dir.join("index.html");
    dvx_repo::fsutil::write_atomic(&index, page.as_bytes()).ctx("writing", &index)?;
    Ok(index)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `--open`: the page in the user's browser ($BROWSER, else xdg-open).
fn open(env: &Env, index: &Path) {
    let opener = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| "xdg-open".into());
    let ok = std::process::Command::new(&opener)
        .arg(index)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok();
    if !ok {
        env.printer.warn(format!(
            "cannot start '{opener}' to open the page; open {} yourself",
            index.display()
        ));
    }
}
