//! `plots show`, `plots diff` (an HTML page of Vega-Lite plots and images, the Vega scripts
//! written beside it so that it opens without a network; `--json` and `--show-vega` as DVC
//! prints them), `plots modify` and `plots templates`.

use std::path::{Path, PathBuf};

use dvx_repo::error::IoContext;
use dvx_repo::plots::{self, render, Props, Rendered, Renderer};
use dvx_repo::{Error, Result};
use serde_json::{json, Value as J};

use super::Env;
use crate::cli::{PlotProps, PlotsArgs, PlotsCommand, PlotsUi};
use crate::printer::python_json;

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
        PlotsCommand::Show(s) => show(env, &s.targets, &s.props, &s.ui, None),
        PlotsCommand::Diff(d) => show(env, &d.targets, &d.props, &d.ui, Some(&d.revisions)),
        PlotsCommand::Modify(m) => {
            let repo = env.repo()?;
            let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
            let done = plots::modify::modify(
                &tx,
                &env.cwd,
                &m.target,
                &props(&m.props),
                m.unset.as_deref(),
            )?;
            env.printer.out(format!(
                "Modifying stage '{}' in '{}'",
                done.stage, done.dvc_yaml
            ));
            Ok(0)
        }
        PlotsCommand::Templates(t) => {
            match t.template {
                Some(name) => {
                    match plots::templates::builtin_text(&name) {
                        Some(text) => env.printer.answer(text.trim_end()),
                        None => {
                            return Err(Error::user(format!("Unexpected template: {name}."))
                                .with_hint(format!(
                                    "the templates are: {}",
                                    plots::templates::names().collect::<Vec<_>>().join(", ")
                                )))
                        }
                    }
                }
                None => {
                    for n in plots::templates::names() {
                        env.printer.answer(n);
                    }
                }
            }
            Ok(0)
        }
    }
}

/// The properties given on the command line, by DVC's names.
fn props(p: &PlotProps) -> Props {
    let mut m = Props::new();
    let mut text = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            m.insert(k.into(), json!(v));
        }
    };
    text("template", &p.template);
    text("x", &p.x);
    text("y", &p.y);
    text("x_label", &p.x_label);
    text("y_label", &p.y_label);
    text("title", &p.title);
    if p.no_header {
        m.insert("header".into(), json!(false));
    }
    m
}

fn show(
    env: &Env,
    targets: &[String],
    p: &PlotProps,
    ui: &PlotsUi,
    diff: Option<&[String]>,
) -> Result<u8> {
    if ui.show_vega {
        let refuse = |m: &str| Err(Error::user(m.to_string()));
        if targets.is_empty() {
            return refuse("please specify a target for `--show-vega`");
        }
        if targets.len() > 1 {
            return refuse("you can only specify one target for `--show-vega`");
        }
        if ui.json {
            return refuse("'--show-vega' and '--json' are mutually exclusive options.");
        }
    }
    let repo = env.repo()?;
    let rel_targets: Vec<String> = targets
        .iter()
        .map(|t| {
            repo.rel(&dvx_repo::pipeline::normalize(
                &dvx_repo::fsutil::absolutize(&env.cwd, Path::new(t)),
            ))
        })
        .collect();
    let revs = match diff {
        None => vec!["workspace".to_string()],
        Some(_) if !dvx_repo::compare::has_commits(&repo) => Vec::new(),
        Some(given) => plots::diff_revisions(&repo, given),
    };
    let collected = plots::collect_revs(&repo, &revs, &rel_targets, &props(p))?;
    let errored = plots::errored(&collected);
    if !errored.is_empty() {
        env.printer.note(format!(
            "DVC failed to load some plots for following revisions: '{}'.",
            errored.join(", ")
        ));
    }
    // DVC keeps a revision that defines plots or failed to read them
    let any = collected
        .iter()
        .any(|r| r.definitions.as_ref().map_or(true, |d| !d.is_empty()));
    if !any && !ui.json {
        env.printer
            .note("No plots were loaded, visualization file will not be created.");
    }
    let out_dir = ui
        .out
        .clone()
        .or_else(|| repo.config.get("plots", "out_dir").map(String::from))
        .unwrap_or_else(|| "dvc_plots".into());
    let out = dvx_repo::fsutil::absolutize(&env.cwd, Path::new(&out_dir));
    let images = if ui.json {
        out.clone()
    } else {
        out.join("static")
    };
    let mut warn = |w: String| env.printer.warn(w);
    let mut rendered = plots::renderers(&repo, &collected, Some(&images), &env.cwd, &mut warn)
        .map_err(|e| Error::user(e.msg))?;
    if ui.json {
        env.printer.answer(python_json(&json_output(
            &collected,
            &mut rendered,
            ui.split,
        )?));
        return Ok(0);
    }
    if ui.show_vega {
        if let Some(Renderer::Vega(v)) = rendered
            .iter_mut()
            .map(|r| &mut r.renderer)
            .find(|r| matches!(r, Renderer::Vega(_)))
        {
            let (spec, _) = v.fill(&[]).map_err(|e| Error::user(e.msg))?;
            env.printer.answer(python_json(&spec));
        }
        return Ok(0);
    }
    if rendered.is_empty() {
        return Ok(0);
    }
    let template = html_template(env, &repo, ui)?;
    let index = write_page(&out, &mut rendered, template.as_deref())?;
    env.printer.answer(format!("file://{}", index.display()));
    let auto_open = repo
        .config
        .get("plots", "auto_open")
        .is_some_and(|v| matches!(v.trim(), "true" | "True" | "1" | "yes"));
    if ui.open || auto_open {
        if !auto_open {
            env.printer
                .out("To enable auto opening, you can run:\n\n\tdvc config plots.auto_open true");
        }
        open(env, &index);
    }
    Ok(0)
}

/// `--json`: every renderer by name, and the errors (DVC's `_show_json`); empty parts left out.
fn json_output(collected: &[plots::RevPlots], rendered: &mut [Rendered], split: bool) -> Result<J> {
    let mut errors: Vec<J> = Vec::new();
    let mut data = serde_json::Map::new();
    for r in rendered.iter_mut() {
        let name = r.renderer.name().to_string();
        let entries = render::to_json(&mut r.renderer, split).map_err(|e| Error::user(e.msg))?;
        data.insert(name.clone(), J::Array(entries));
        for (rev, source, e) in &r.source_errors {
            errors.push(
                json!({"name": name, "rev": rev, "source": source, "type": e.kind, "msg": e.msg}),
            );
        }
        for (rev, e) in &r.definition_errors {
            errors.push(json!({"name": name, "rev": rev, "type": e.kind, "msg": e.msg}));
        }
    }
    for c in collected {
        if let Err(e) = &c.definitions {
            errors.push(json!({"rev": c.rev, "type": e.kind, "msg": e.msg}));
        }
    }
    let mut top = serde_json::Map::new();
    if !errors.is_empty() {
        top.insert("errors".into(), J::Array(errors));
    }
    if !data.is_empty() {
        top.insert("data".into(), J::Object(data));
    }
    Ok(J::Object(top))
}

/// The page the user asked for (`--html-template`, else `plots.html_template`, relative to
/// `.dvc/`), which must hold `{plot_divs}`.
fn html_template(env: &Env, repo: &dvx_repo::Repo, ui: &PlotsUi) -> Result<Option<String>> {
    let path = match &ui.html_template {
        Some(p) => Some(dvx_repo::fsutil::absolutize(&env.cwd, Path::new(p))),
        None => repo
            .config
            .get("plots", "html_template")
            .map(|p| repo.dvc_dir.join(p)),
    };
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(&path).ctx("reading", &path)?;
    if !text.contains("{plot_divs}") {
        return Err(Error::user("HTML template has to contain '{plot_divs}'."));
    }
    Ok(Some(text))
}

fn write_page(dir: &Path, rendered: &mut [Rendered], template: Option<&str>) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).ctx("creating", dir)?;
    for (name, bytes) in SCRIPTS {
        let p = dir.join(name);
        if std::fs::read(&p).ok().as_deref() != Some(*bytes) {
            dvx_repo::fsutil::write_atomic(&p, bytes).ctx("writing", &p)?;
        }
    }
    // Vega plots first, then images by directory, number and name (as DVC orders them)
    let mut order: Vec<usize> = (0..rendered.len()).collect();
    order.sort_by_key(|&i| image_order(&rendered[i].renderer));
    let mut specs: Vec<J> = Vec::new();
    let mut divs = String::new();
    for i in order {
        match &mut rendered[i].renderer {
            Renderer::Vega(v) => {
                if v.points.is_empty() {
                    continue;
                }
                let (spec, _) = v.fill(&[]).map_err(|e| Error::user(e.msg))?;
                divs.push_str(&format!(
                    "    <div class=\"plot\" id=\"{}\"><div id=\"plot{}\"></div></div>\n",
                    html_escape(&div_id(&v.name)),
                    specs.len()
                ));
                specs.push(spec);
            }
            Renderer::Image { name, points } => {
                if points.is_empty() {
                    continue;
                }
                divs.push_str(&format!(
                    "    <div class=\"image\" id=\"{}\"><p>{}</p>\n",
                    html_escape(&div_id(name)),
                    html_escape(name)
                ));
                for p in points.iter() {
                    let src = Path::new(&p.src)
                        .strip_prefix(dir)
                        .map(|r| r.to_string_lossy().into_owned())
                        .unwrap_or_else(|_| p.src.clone());
                    divs.push_str(&format!(
                        "        <div class=\"rev\"><p>{}</p><img src=\"{}\"></div>\n",
                        html_escape(&p.rev),
                        html_escape(&src)
                    ));
                }
                divs.push_str("    </div>\n");
            }
        }
    }
    // `</` cannot appear inside a script element
    let data = serde_json::to_string(&specs)
        .unwrap_or_default()
        .replace("</", "<\\/");
    let scripts = "    <script src=\"vega.min.js\"></script>\n    <script src=\"vega-lite.min.js\"></script>\n    <script src=\"vega-embed.min.js\"></script>";
    let body = format!(
        r##"    <div id="status" data-plots="{n}" data-rendered="0" data-errors=""></div>
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
    </script>"##,
        n = specs.len()
    );
    let page = match template {
        Some(t) => t
            .replace("{scripts}", scripts)
            .replace("{plot_divs}", &body)
            .replace("{refresh_tag}", ""),
        None => format!(
            r##"<!DOCTYPE html>
<html>
<head>
    <meta charset="utf-8">
    <title>DVC Plot</title>
{scripts}
    <style>
        body {{ font-family: sans-serif; }}
        .plot, .image {{ display: inline-block; vertical-align: top; margin: 15px; }}
        .rev {{ display: inline-block; margin: 2px 8px; border: 1px dotted black; }}
    </style>
</head>
<body>
{body}
</body>
</html>
"##
        ),
    };
    let index = dir.join("index.html");
    dvx_repo::fsutil::write_atomic(&index, page.as_bytes()).ctx("writing", &index)?;
    Ok(index)
}

/// DVC's page order: not an image first; images by directory, number, then name.
fn image_order(r: &Renderer) -> (bool, String, Option<u64>, String) {
    match r {
        Renderer::Vega(_) => (false, String::new(), None, String::new()),
        Renderer::Image { name, .. } => {
            let (dir, base) = name.rsplit_once('/').unwrap_or(("", name));
            let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
            let number = stem
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| stem.parse().ok())
                .flatten();
            (true, dir.to_string(), number, base.to_string())
        }
    }
}

/// A plot name as an HTML id (DVC's `remove_special_chars`).
fn div_id(name: &str) -> String {
    name.chars()
        .map(|c| {
            if r"!@#$%^&*()[]{};,<>?\/:.|`~=_+ ".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
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
