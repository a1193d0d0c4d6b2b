//! What every worker of a run shares: the project, the server the scratch
//! databases go on, the selected revisions and their bodies, evaluated once
//! for that database before anything runs.

use aludel_core::naming::NamingConvention;
use aludel_core::Step;
use aludel_db::dialect::DialectInfo;
use aludel_db::driver::VersionTable;
use aludel_db::scratch::ScratchDb;
use aludel_db::url::DatabaseUrl;
use aludel_python::body::{BodyContext, LocatedOp};

use crate::bodies::{apply_env_convention, env_convention, evaluate_steps};
use crate::commands::migrate::relative_path;
use crate::config::Config;
use crate::database::version_table;
use crate::error::CmdResult;
use crate::project::Project;

use super::outcome::RevisionResult;
use super::selection::Selection;

/// The shared, read-only state of a run.
pub struct Context<'p> {
    /// The project under test.
    pub project: &'p Project,
    /// The configured URL: scratch databases go on its server (never in it).
    pub base_url: DatabaseUrl,
    /// The revisions under test.
    pub selection: Selection,
    /// The prefix's and the tested revisions' upgrades, in order.
    pub all_steps: Vec<Step>,
    /// The operations of each of `all_steps`, or why its body cannot run.
    pub up_ops: Vec<CmdResult<Vec<LocatedOp>>>,
    /// The downgrade operations of each tested revision.
    pub down_ops: Vec<CmdResult<Vec<LocatedOp>>>,
    /// env.py's naming convention (the diff drops unnamed constraints by it).
    pub convention: Option<NamingConvention>,
    /// Where the version table is (left out of schema readings).
    pub version_table: VersionTable,
    /// `--data`.
    pub data: bool,
    /// Whether a failing step's DDL is rolled back with its transaction.
    pub transactional_ddl: bool,
}

impl<'p> Context<'p> {
    /// Evaluates the bodies of the selection for the database of `base_url`.
    pub fn new(
        project: &'p Project,
        base_url: DatabaseUrl,
        selection: Selection,
        data: bool,
    ) -> Context<'p> {
        let config = &project.config;
        let info = DialectInfo::of(&base_url);
        let body = BodyContext {
            dialect: info.kind(),
            mariadb: base_url.is_mariadb(),
            offline: false,
            sqlalchemy_20: aludel_python::models::detect_version(&config.here()).sqlalchemy_20,
        };
        let convention = env_convention(config);
        // One step at a time: a body that cannot run fails its own revision.
        let evaluate = |step: Step| {
            let mut ops = evaluate_steps(&project.graph, &project.sources, &[step], body)?;
            apply_env_convention(convention.as_ref(), &mut ops, info.kind());
            Ok(ops.pop().unwrap_or_default())
        };
        let all_steps = selection.all_steps();
        let up_ops = all_steps.iter().map(|&s| evaluate(s)).collect();
        let down_ops = selection
            .tested
            .iter()
            .map(|s| {
                evaluate(Step {
                    revision: s.revision,
                    upgrade: false,
                })
            })
            .collect();
        Context {
            project,
            transactional_ddl: !info.ddl_autocommits,
            base_url,
            selection,
            all_steps,
            up_ops,
            down_ops,
            convention,
            version_table: version_table(config),
            data,
        }
    }

    /// The configuration of a run on `db`.
    pub fn config_for(&self, db: &ScratchDb) -> Config {
        self.project
            .config
            .for_scratch(&db.url().render_as_string(false))
    }

    /// The revision id and its file (relative to the configuration) of `step`.
    pub fn label(&self, step: Step) -> (String, String) {
        let node = self.project.graph.node(step.revision);
        (
            node.id().to_string(),
            relative_path(self.project, &node.rev.path),
        )
    }

    /// An empty result for the tested revision at `index`.
    pub fn result_for(&self, index: usize) -> RevisionResult {
        let (id, file) = self.label(self.selection.tested[index]);
        RevisionResult::new(id, file)
    }

    /// Why revisions after `step` cannot be tested when its upgrade fails
    /// (`why`: the failure, when it is not reported on its own line, as for
    /// a revision before the range).
    pub fn blocked_by(&self, step: Step, why: Option<&str>) -> String {
        let (id, file) = self.label(step);
        let why = why.map_or_else(String::new, |w| format!(" ({w})"));
        format!("not run: the upgrade of revision {id} ({file}) fails{why}, and this revision starts from its schema")
    }

    /// `file:line:1` of `def <function>(` in the revision of `step` (the
    /// file relative to the configuration), as far as the file's text
    /// tells; the file alone otherwise.
    pub fn place_of(&self, step: Step, function: &str) -> String {
        let node = self.project.graph.node(step.revision);
        let text = self
            .project
            .sources
            .get(step.revision)
            .map_or("", String::as_str);
        let def = format!("def {function}(");
        let file = relative_path(self.project, &node.rev.path);
        match text.lines().position(|l| l.starts_with(&def)) {
            Some(line) => format!("{file}:{}:1", line + 1),
            None => file,
        }
    }
}
