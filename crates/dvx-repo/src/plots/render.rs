//! From collected plots to what is drawn, as DVC's `match_defs_renderers` and dvc-render's
//! `VegaRenderer` do it: definitions grouped by plot id across revisions, each revision's rows
//! flattened, and the template's anchors filled (whole, or split out for the VS Code panel).

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value as J};

use super::collect::{merge_shallow, Props, RevPlots};
use super::convert::flat_datapoints;
use super::data::{is_image, Content};
use super::templates::Template;
use super::vega::{Vega, SPLIT_ANCHORS};
use super::PlotError;

/// An image of one revision, written to `src` (or a `data:` URI).
#[derive(Debug, Clone)]
pub struct ImagePoint {
    pub rev: String,
    pub filename: String,
    pub src: String,
}

/// What one plot id draws.
#[derive(Debug)]
pub enum Renderer {
    Vega(Box<Vega>),
    Image {
        name: String,
        points: Vec<ImagePoint>,
    },
}

impl Renderer {
    pub fn name(&self) -> &str {
        match self {
            Renderer::Vega(v) => &v.name,
            Renderer::Image { name, .. } => name,
        }
    }
}

/// A renderer and what could not be read for it: (rev, source, error) and (rev, error).
#[derive(Debug)]
pub struct Rendered {
    pub renderer: Renderer,
    pub source_errors: Vec<(String, String, PlotError)>,
    pub definition_errors: Vec<(String, PlotError)>,
}

/// Where images go and where templates are looked up.
pub struct Options<'a> {
    /// Images are written here (absolute); none: embedded as `data:` URIs.
    pub out: Option<PathBuf>,
    pub templates_dir: Option<&'a Path>,
    pub cwd: &'a Path,
}

/// A plot's definition at one revision: (revision index, plot id in its config, properties).
type Entry = (usize, String, Props);

/// DVC's `match_defs_renderers`; `warn` receives "In 'rev', ..." for a definition that failed.
pub fn renderers(
    revs: &[RevPlots],
    opts: &Options,
    warn: &mut dyn FnMut(String),
) -> Result<Vec<Rendered>, PlotError> {
    // plot id → [(rev index, inner id, definition)]
    let mut groups: Vec<(String, Vec<Entry>)> = Vec::new();
    for (ri, r) in revs.iter().enumerate() {
        let Ok(defs) = &r.definitions else { continue };
        for (plot_id, inner, def) in group_by_id(defs) {
            match groups.iter_mut().find(|(id, _)| *id == plot_id) {
                Some((_, g)) => g.push((ri, inner, def)),
                None => groups.push((plot_id, vec![(ri, inner, def)])),
            }
        }
    }
    let mut out = Vec::new();
    for (plot_id, group) in groups {
        let mut props = Props::new();
        for (_, _, def) in group.iter().rev() {
            merge_shallow(&mut props, def);
        }
        let mut first_props = Props::new();
        let mut points: Vec<Map<String, J>> = Vec::new();
        let mut images: Vec<ImagePoint> = Vec::new();
        let mut source_errors = Vec::new();
        let mut definition_errors = Vec::new();
        let mut with_points: Vec<String> = Vec::new();
        let mut image_name: Option<String> = None;
        for (ri, inner, def) in &group {
            let r = &revs[*ri];
            let sources = super::collect::data_sources(inner, def);
            let mut data: Vec<(String, &Content)> = Vec::new();
            for s in &sources {
                match r.source(s) {
                    Some(Ok(c)) if !is_empty(c) => data.push((s.clone(), c)),
                    Some(Err(e)) => source_errors.push((r.rev.clone(), s.clone(), e.clone())),
                    _ => {}
                }
            }
            if is_image(inner) {
                image_name = Some(inner.clone());
                for (filename, c) in data {
                    let Content::Image(bytes) = c else { continue };
                    let src = image_src(opts, &r.rev, &filename, bytes)?;
                    images.push(ImagePoint {
                        rev: r.rev.clone(),
                        filename,
                        src,
                    });
                }
                continue;
            }
            image_name = None;
            let blobs: Vec<(String, J)> = data
                .into_iter()
                .filter_map(|(f, c)| match c {
                    Content::Data(j) => Some((f, j.clone())),
                    Content::Image(_) => None,
                })
                .collect();
            match flat_datapoints(inner, &props, &blobs, &r.rev) {
                Ok((dps, rev_props)) => {
                    if !dps.is_empty() && !with_points.contains(&r.rev) {
                        with_points.push(r.rev.clone());
                    }
                    if first_props.is_empty() && !rev_props.is_empty() {
                        first_props = rev_props;
                    }
                    points.extend(dps);
                }
                Err(e) => {
                    warn(format!("In '{}', {}", r.rev, e.msg.to_lowercase()));
                    definition_errors.push((r.rev.clone(), e));
                }
            }
        }
        let renderer = match image_name {
            Some(name) => Renderer::Image {
                name,
                points: images,
            },
            None => {
                first_props
                    .entry("title")
                    .or_insert_with(|| J::String(plot_id.clone()));
                if !with_points.is_empty() {
                    first_props.insert("revs_with_datapoints".into(), json!(with_points));
                }
                let template = Template::get(
                    first_props
                        .get("template")
                        .or(props.get("template"))
                        .and_then(J::as_str),
                    opts.templates_dir,
                    opts.cwd,
                )
                .map_err(|e| PlotError::new("TemplateNotFoundError", e.to_string()))?;
                Renderer::Vega(Box::new(Vega {
                    name: plot_id,
                    points,
                    props: first_props,
                    template,
                    split: Map::new(),
                }))
            }
        };
        out.push(Rendered {
            renderer,
            source_errors,
            definition_errors,
        });
    }
    Ok(out)
}

fn is_empty(c: &Content) -> bool {
    match c {
        Content::Image(b) => b.is_empty(),
        Content::Data(J::Array(a)) => a.is_empty(),
        Content::Data(J::Object(o)) => o.is_empty(),
        Content::Data(J::Null) => true,
        Content::Data(J::String(s)) => s.is_empty(),
        Content::Data(_) => false,
    }
}

/// Writes an image of a revision as `<rev>_<path with / as _>` into the output directory.
fn image_src(opts: &Options, rev: &str, filename: &str, bytes: &[u8]) -> Result<String, PlotError> {
    use base64::Engine as _;
    let Some(dir) = &opts.out else {
        return Ok(format!(
            "data:image;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ));
    };
    let io = |e: std::io::Error, p: &Path| {
        PlotError::new("OSError", format!("cannot write '{}': {e}", p.display()))
    };
    std::fs::create_dir_all(dir).map_err(|e| io(e, dir))?;
    let path = dir.join(format!("{rev}_{filename}").replace('/', "_"));
    if std::fs::read(&path).ok().as_deref() != Some(bytes) {
        crate::fsutil::write_atomic(&path, bytes).map_err(|e| io(e, &path))?;
    }
    Ok(path.to_string_lossy().into_owned())
}

/// DVC's `group_definitions_by_id`: a plot id defined in several config files is named
/// `config::id` in each.
fn group_by_id(defs: &[(String, Vec<(String, Props)>)]) -> Vec<(String, String, Props)> {
    let mut by_id: Vec<(String, Vec<(String, Props)>)> = Vec::new();
    for (config, plots) in defs {
        for (id, p) in plots {
            match by_id.iter_mut().find(|(i, _)| i == id) {
                Some((_, v)) => v.push((config.clone(), p.clone())),
                None => by_id.push((id.clone(), vec![(config.clone(), p.clone())])),
            }
        }
    }
    let mut out = Vec::new();
    for (id, configs) in by_id {
        if configs.len() == 1 {
            let (_, p) = configs.into_iter().next().expect("one");
            out.push((id.clone(), id, p));
        } else {
            for (config, p) in configs {
                let full = if config.is_empty() {
                    id.clone()
                } else {
                    format!("{config}::{id}")
                };
                out.push((full, id.clone(), p));
            }
        }
    }
    out
}

/// One renderer as the `--json` output lists it (DVC's `to_json`).
pub fn to_json(r: &mut Renderer, split: bool) -> Result<Vec<J>, PlotError> {
    match r {
        Renderer::Vega(v) => {
            if v.points.is_empty() {
                return Ok(Vec::new());
            }
            let revs = v.revs();
            let (content, anchors) = v.fill(if split { SPLIT_ANCHORS } else { &[] })?;
            let mut e = json!({"type": "vega", "revisions": revs, "content": content});
            if split {
                e["anchor_definitions"] = J::Object(anchors);
            }
            Ok(vec![e])
        }
        Renderer::Image { points, .. } => Ok(points
            .iter()
            .map(|p| json!({"type": "image", "revisions": [p.rev], "url": p.src}))
            .collect()),
    }
}
