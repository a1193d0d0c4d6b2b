//! Loading whole projects from temporary directories.

use super::*;
use std::fs;

struct Project {
    dir: tempfile::TempDir,
    vars: Vec<(String, String)>,
}

impl Project {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("migrations/versions")).unwrap();
        Project {
            dir,
            vars: Vec::new(),
        }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn write(&self, name: &str, text: &str) -> &Self {
        let path = self.dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    fn var(mut self, name: &str, value: &str) -> Self {
        self.vars.push((name.into(), value.into()));
        self
    }

    fn env(&self) -> Environment {
        Environment::new(self.root(), self.vars.clone())
    }

    fn load_with(&self, options: &GlobalOptions) -> Result<Config, ConfigError> {
        Config::load(options, &self.env())
    }

    fn load(&self) -> Result<Config, ConfigError> {
        self.load_with(&GlobalOptions::default())
    }
}

const GENERIC_INI: &str = "\
[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
path_separator = os
sqlalchemy.url = sqlite:///%(here)s/app.db

[post_write_hooks]
";

#[test]
fn generic_project_defaults() {
    let p = Project::new();
    p.write("alembic.ini", GENERIC_INI);
    let c = p.load().unwrap();
    let root = p.root();
    assert_eq!(c.script_location(), root.join("migrations"));
    assert_eq!(c.version_locations(), &[root.join("migrations/versions")]);
    assert!(!c.version_locations_configured());
    assert_eq!(c.file_template(), "%(rev)s_%(slug)s");
    assert_eq!(c.truncate_slug_length(), 40);
    assert_eq!(c.output_encoding(), "utf-8");
    assert_eq!(c.timezone(), None);
    assert!(!c.sourceless());
    assert!(!c.recursive_version_locations());
    assert!(!c.revision_environment());
    assert_eq!(c.prepend_sys_path(), &[".".to_string()]);
    assert!(c.post_write_hooks().is_empty());
    assert!(c.notices().is_empty());
    assert!(c.ini_found());
    assert_eq!(c.main_section(), "alembic");
    assert_eq!(c.config_file_name(), Path::new("alembic.ini"));
    assert_eq!(c.here(), root);
    assert_eq!(c.aludel(), &AludelSettings::default());
    let url = c.database_url().unwrap().unwrap();
    assert_eq!(
        url.as_str(),
        format!("sqlite:///{}/app.db", python_path::posix(&root))
    );
    assert!(matches!(
        url.source(),
        UrlSource::AlembicIni { line: 5, .. }
    ));
    let section = c.get_section("alembic").unwrap().unwrap();
    assert_eq!(section[0], ("here".to_string(), python_path::posix(&root)));
    assert_eq!(
        c.get_main_option("path_separator").unwrap().as_deref(),
        Some("os")
    );
    assert_eq!(c.get_main_option("nope").unwrap(), None);
}

#[test]
fn missing_ini_says_where_aludel_looked() {
    let p = Project::new();
    let e = p.load().unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "No config file 'alembic.ini' found: {} does not exist.",
            p.root().join("alembic.ini").display()
        )
    );
    let hint = e.hint().unwrap();
    assert!(
        hint.contains("alembic.ini in the current directory"),
        "{hint}"
    );
    assert!(hint.contains("pyproject.toml"), "{hint}");
    assert!(hint.contains("aludel init"), "{hint}");

    let e = p
        .load_with(&GlobalOptions {
            config: vec![PathBuf::from("nope.ini")],
            ..Default::default()
        })
        .unwrap_err();
    assert!(e
        .to_string()
        .starts_with("No config file 'nope.ini' found: "));
    assert!(e.hint().unwrap().contains("check the path"));
}

#[test]
fn ini_without_script_location_is_alembics_error() {
    let p = Project::new();
    p.write("alembic.ini", "[alembic]\nsqlalchemy.url = sqlite://\n");
    let e = p.load().unwrap_err();
    assert_eq!(
        e.to_string(),
        "No 'script_location' key found in configuration."
    );
    assert!(e.hint().unwrap().contains("[alembic]"));
}

#[test]
fn script_location_that_does_not_exist() {
    let p = Project::new();
    p.write("alembic.ini", "[alembic]\nscript_location = ./nowhere/\n");
    let e = p.load().unwrap_err();
    assert_eq!(
        e.to_string(),
        "Path doesn't exist: nowhere.  Please use the 'init' command to create a new scripts folder."
    );
    assert!(e
        .hint()
        .unwrap()
        .contains(&p.root().join("nowhere").display().to_string()));
}

#[test]
fn relative_script_location_is_relative_to_the_current_directory() {
    let p = Project::new();
    p.write("alembic.ini", "[alembic]\nscript_location = migrations\n");
    let c = p.load().unwrap();
    assert_eq!(c.script_location(), p.root().join("migrations"));
}

#[test]
fn package_resources_are_not_supported() {
    let p = Project::new();
    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = myapp:migrations\n",
    );
    let e = p.load().unwrap_err().to_string();
    assert!(
        e.contains("package resource") && e.contains("myapp:migrations"),
        "{e}"
    );
}

#[test]
fn section_name_option() {
    let p = Project::new();
    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = nowhere\n[db2]\nscript_location = %(here)s/migrations\n",
    );
    let options = GlobalOptions {
        name: Some("db2".into()),
        ..GlobalOptions::default()
    };
    let c = p.load_with(&options).unwrap();
    assert_eq!(c.main_section(), "db2");
    let e = c.get_section_option("engine9", "x").unwrap_err();
    assert_eq!(
        e.to_string(),
        "No config file 'alembic.ini' found, or file has no '[engine9]' section"
    );
}

#[test]
fn config_option_and_x_arguments() {
    let p = Project::new();
    p.write(
        "conf/db.ini",
        "[alembic]\nscript_location = %(here)s/../migrations\n",
    );
    let options = GlobalOptions {
        config: vec!["conf/db.ini".into()],
        x: vec!["tenant=acme".into(), "dry".into(), "tenant=other".into()],
        ..GlobalOptions::default()
    };
    let c = p.load_with(&options).unwrap();
    assert_eq!(c.here(), p.root().join("conf"));
    assert!(c.script_location().ends_with("conf/../migrations"));
    assert_eq!(c.x_arguments().len(), 3);
    assert_eq!(
        c.x_argument_map(),
        vec![
            ("tenant".to_string(), "other".to_string()),
            ("dry".to_string(), String::new())
        ]
    );
}

#[test]
fn alembic_config_env_var_points_at_the_ini() {
    let p = Project::new().var("ALEMBIC_CONFIG", "conf/x.ini");
    p.write(
        "conf/x.ini",
        "[alembic]\nscript_location = %(here)s/../migrations\n",
    );
    let c = p.load().unwrap();
    assert_eq!(c.config_file_name(), Path::new("conf/x.ini"));
}

#[test]
fn all_script_settings_from_the_ini() {
    let p = Project::new();
    fs::create_dir_all(p.root().join("other")).unwrap();
    p.write(
        "alembic.ini",
        "[alembic]
script_location = %(here)s/migrations
file_template = %%(year)d_%%(rev)s_%%(slug)s
truncate_slug_length = 12
timezone = UTC
output_encoding = latin-1
revision_environment = Yes
sourceless = true
recursive_version_locations = True
path_separator = newline
version_locations =
    %(here)s/migrations/versions
    %(here)s/other
prepend_sys_path = src
",
    );
    let c = p.load().unwrap();
    assert_eq!(c.file_template(), "%(year)d_%(rev)s_%(slug)s");
    assert_eq!(c.truncate_slug_length(), 12);
    assert_eq!(c.timezone(), Some("UTC"));
    assert_eq!(c.output_encoding(), "latin-1");
    assert!(c.revision_environment());
    assert!(c.sourceless());
    // Only exactly "true" counts, as in Alembic.
    assert!(!c.recursive_version_locations());
    assert_eq!(
        c.version_locations(),
        &[p.root().join("migrations/versions"), p.root().join("other")]
    );
    assert!(c.version_locations_configured());
    assert_eq!(c.prepend_sys_path(), &["src".to_string()]);
}

#[test]
fn version_location_separators() {
    let cases: &[(&str, &[&str], bool)] = &[
        (
            "path_separator = ;\nversion_locations = a; b",
            &["a", "b"],
            false,
        ),
        (
            "path_separator = space\nversion_locations = a  b",
            &["a", "b"],
            false,
        ),
        (
            "version_path_separator = :\nversion_locations = a:b",
            &["a", "b"],
            true,
        ),
        ("version_locations = a, b c", &["a", "b", "c"], true),
        ("version_locations = /x/a:/x/b", &["/x/a:/x/b"], true),
    ];
    for (settings, expected, noticed) in cases {
        let p = Project::new();
        p.write(
            "alembic.ini",
            &format!("[alembic]\nscript_location = migrations\n{settings}\n"),
        );
        let c = p.load().unwrap();
        let expected: Vec<PathBuf> = expected.iter().map(|e| p.root().join(e)).collect();
        assert_eq!(c.version_locations(), &expected[..], "{settings}");
        assert_eq!(!c.notices().is_empty(), *noticed, "{settings}");
    }
}

#[test]
fn bad_path_separator() {
    let p = Project::new();
    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = migrations\npath_separator = comma\nprepend_sys_path = .\n",
    );
    assert_eq!(
        p.load().unwrap_err().to_string(),
        "'comma' is not a valid value for path_separator; expected 'space', 'newline', 'os', ':', ';'"
    );
}

#[test]
fn bad_numbers_and_booleans() {
    let p = Project::new();
    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = migrations\ntruncate_slug_length = ten\n",
    );
    let e = p.load().unwrap_err().to_string();
    assert!(
        e.contains("alembic.ini:3: truncate_slug_length = ten is not a whole number"),
        "{e}"
    );

    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = migrations\ntruncate_slug_length = 0\n",
    );
    assert_eq!(p.load().unwrap().truncate_slug_length(), 40);

    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = migrations\nrevision_environment = maybe\n",
    );
    let e = p.load().unwrap_err().to_string();
    assert!(
        e.contains("alembic.ini:3: revision_environment = maybe is not a boolean"),
        "{e}"
    );
}

#[test]
fn interpolation_errors_point_at_the_option() {
    let p = Project::new();
    p.write(
        "alembic.ini",
        "[alembic]\n\nscript_location = %(nope)s/migrations\n",
    );
    let e = p.load().unwrap_err().to_string();
    assert!(
        e.contains("alembic.ini:3: cannot expand option 'script_location'"),
        "{e}"
    );
}

const PYPROJECT: &str = r#"
[project]
name = "app"

[tool.alembic]
script_location = "%(here)s/migrations"
file_template = "%%(rev)s-%%(slug)s"
truncate_slug_length = 30
prepend_sys_path = ["."]
version_locations = ["%(here)s/migrations/versions"]
sourceless = true
recursive_version_locations = true

[[tool.alembic.post_write_hooks]]
name = "ruff"
type = "exec"
executable = "ruff"
options = "check --fix REVISION_SCRIPT_FILENAME"
"#;

#[test]
fn pyproject_settings() {
    let p = Project::new();
    p.write("alembic.ini", "[alembic]\nsqlalchemy.url = sqlite://\n");
    p.write("pyproject.toml", PYPROJECT);
    let c = p.load().unwrap();
    assert_eq!(c.script_location(), p.root().join("migrations"));
    assert_eq!(c.file_template(), "%(rev)s-%(slug)s");
    assert_eq!(c.truncate_slug_length(), 30);
    assert_eq!(c.prepend_sys_path(), &[".".to_string()]);
    assert!(c.sourceless());
    assert!(c.recursive_version_locations());
    assert!(c.version_locations_configured());
    assert_eq!(c.post_write_hooks().len(), 1);
    assert_eq!(c.post_write_hooks()[0].name, "ruff");
    assert_eq!(c.post_write_hooks()[0].options["executable"], "ruff");
    assert_eq!(
        c.pyproject_path(),
        Some(p.root().join("pyproject.toml").as_path())
    );
}

#[test]
fn ini_values_win_over_pyproject() {
    let p = Project::new();
    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = migrations\ntruncate_slug_length = 8\nsourceless = false\n\
         [post_write_hooks]\nhooks = black\nblack.type = console_scripts\nblack.entrypoint = black\n",
    );
    p.write("pyproject.toml", PYPROJECT);
    let c = p.load().unwrap();
    assert_eq!(c.truncate_slug_length(), 8);
    assert!(!c.sourceless());
    assert_eq!(c.file_template(), "%(rev)s-%(slug)s");
    assert_eq!(c.post_write_hooks().len(), 1);
    assert_eq!(c.post_write_hooks()[0].name, "black");
    assert_eq!(c.post_write_hooks()[0].options["entrypoint"], "black");
}

#[test]
fn pyproject_type_errors_use_alembic_texts() {
    let p = Project::new();
    p.write(
        "pyproject.toml",
        "[tool.alembic]\nscript_location = \"migrations\"\nsourceless = \"yes\"\n",
    );
    assert_eq!(
        p.load().unwrap_err().to_string(),
        "boolean value expected for TOML parameter 'sourceless'"
    );
    p.write("pyproject.toml", "[tool.alembic]\nscript_location = 1.5\n");
    assert_eq!(
        p.load().unwrap_err().to_string(),
        "unsupported TOML value type for key: 'script_location'"
    );
    p.write("pyproject.toml", "[tool]\nalembic = \"x\"\n");
    assert_eq!(p.load().unwrap_err().to_string(), "Incorrect TOML format");
    p.write("pyproject.toml", "[tool.alembic]\nscript_location = \"migrations\"\n[[tool.alembic.post_write_hooks]]\ntype = \"exec\"\n");
    let e = p.load().unwrap_err().to_string();
    assert!(
        e.contains("post_write_hooks must be a list of tables that each have a name"),
        "{e}"
    );
}

#[test]
fn hooks_from_the_ini_section() {
    let p = Project::new();
    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = migrations\n[post_write_hooks]\nhooks = black, ruff\n\
         black.type = console_scripts\nblack.entrypoint = black\nblack.options = -l 79 REVISION_SCRIPT_FILENAME\n\
         ruff.type = exec\nruff.executable = %(here)s/bin/ruff\nruff.cwd = /tmp\n",
    );
    let c = p.load().unwrap();
    let hooks = c.post_write_hooks();
    assert_eq!(hooks.len(), 2);
    assert_eq!(hooks[0].name, "black");
    assert_eq!(
        hooks[0].options["options"],
        "-l 79 REVISION_SCRIPT_FILENAME"
    );
    assert_eq!(
        hooks[1].options["executable"],
        format!("{}/bin/ruff", python_path::posix(&p.root()))
    );
    assert_eq!(hooks[1].options["cwd"], "/tmp");
}

#[test]
fn aludel_settings_from_pyproject_or_aludel_toml() {
    let p = Project::new();
    p.write("alembic.ini", "[alembic]\nscript_location = migrations\n");
    p.write(
        "pyproject.toml",
        "[tool.aludel]\nurl = \"sqlite:///t.db\"\nmodels = [\"app.models\"]\nversion_table_schema = \"meta\"\n",
    );
    let c = p.load().unwrap();
    assert_eq!(c.aludel().models, vec!["app.models"]);
    assert_eq!(c.aludel().version_table, "alembic_version");
    assert_eq!(c.aludel().version_table_schema.as_deref(), Some("meta"));
    assert!(c.aludel().in_pyproject);

    p.write("aludel.toml", "url_env = \"APP_DB\"\n");
    let e = p.load().unwrap_err().to_string();
    assert!(e.contains("given twice") && e.contains("keep one"), "{e}");

    fs::remove_file(p.root().join("pyproject.toml")).unwrap();
    let c = p.load().unwrap();
    assert_eq!(c.aludel().url_env, "APP_DB");
    assert!(!c.aludel().in_pyproject);

    p.write("aludel.toml", "url_env = \"APP_DB\"\nmodel = [\"x\"]\n");
    let e = p.load().unwrap_err().to_string();
    assert!(e.contains("aludel.toml: TOML parse error at line 2"), "{e}");
    assert!(e.contains("unknown field `model`"), "{e}");
}

#[test]
fn database_url_precedence() {
    let ini = "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///ini.db\n";
    let p = Project::new();
    p.write("alembic.ini", ini);
    let source = |c: &Config| {
        c.database_url()
            .unwrap()
            .map(|s| (s.as_str().to_string(), s.source().clone()))
    };

    // 4. the ini
    let c = p.load().unwrap();
    assert_eq!(source(&c).unwrap().0, "sqlite:///ini.db");

    // 3. aludel's settings
    p.write("aludel.toml", "url = \"sqlite:///aludel.db\"\n");
    let (url, from) = source(&p.load().unwrap()).unwrap();
    assert_eq!(url, "sqlite:///aludel.db");
    assert_eq!(
        from.to_string(),
        format!("url in {}", p.root().join("aludel.toml").display())
    );

    // 2b. .env beside the ini
    p.write(".env", "DATABASE_URL=sqlite:///dotenv.db\n");
    let (url, from) = source(&p.load().unwrap()).unwrap();
    assert_eq!(url, "sqlite:///dotenv.db");
    assert!(matches!(from, UrlSource::DotEnvFile { .. }));

    // 2a. the process environment (an empty value does not count)
    let p2 = Project::new().var("DATABASE_URL", "sqlite:///env.db");
    p2.write("alembic.ini", ini)
        .write(".env", "DATABASE_URL=sqlite:///dotenv.db\n");
    let (url, from) = source(&p2.load().unwrap()).unwrap();
    assert_eq!(url, "sqlite:///env.db");
    assert_eq!(from.to_string(), "environment variable DATABASE_URL");
    let p3 = Project::new().var("DATABASE_URL", "");
    p3.write("alembic.ini", ini);
    assert_eq!(source(&p3.load().unwrap()).unwrap().0, "sqlite:///ini.db");

    // 1. --url
    let options = GlobalOptions {
        url: Some("sqlite:///cli.db".into()),
        ..GlobalOptions::default()
    };
    let c = p2.load_with(&options).unwrap();
    assert_eq!(
        source(&c).unwrap(),
        ("sqlite:///cli.db".to_string(), UrlSource::CommandLine)
    );
    let (parsed, _) = c.require_database_url().unwrap();
    assert_eq!(parsed.database(), Some("cli.db"));
}

#[test]
fn custom_url_env_and_missing_url() {
    let p = Project::new().var("APP_DB", "postgresql://app:s3cret@db/app");
    p.write("alembic.ini", "[alembic]\nscript_location = migrations\n");
    let c = p.load().unwrap();
    assert_eq!(c.database_url().unwrap(), None);
    let e = c.require_database_url().unwrap_err().to_string();
    assert!(
        e.contains("no database URL") && e.contains("DATABASE_URL"),
        "{e}"
    );

    p.write("aludel.toml", "url_env = \"APP_DB\"\n");
    let c = p.load().unwrap();
    let (url, setting) = c.require_database_url().unwrap();
    assert_eq!(url.to_string(), "postgresql://app:***@db/app");
    assert!(!format!("{setting:?}").contains("s3cret"));
}

#[test]
fn bad_urls_name_their_source_without_the_password() {
    let p = Project::new();
    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = migrations\nsqlalchemy.url = driver://user:pass@localhost/other\n",
    );
    let c = p.load().unwrap();
    let e = c.require_database_url().unwrap_err().to_string();
    assert!(e.contains("sqlalchemy.url in [alembic] of"), "{e}");
    assert!(e.contains("alembic.ini:3"), "{e}");
    assert!(e.contains("'driver'"), "{e}");
    assert!(!e.contains("pass@"), "{e}");

    // the exact placeholder of `init` is named as such
    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = migrations\nsqlalchemy.url = driver://user:pass@localhost/dbname\n",
    );
    let e = p.load().unwrap().require_database_url().unwrap_err();
    assert!(
        e.to_string().contains("placeholder that init writes"),
        "{e}"
    );
    assert!(!e.to_string().contains("pass@"), "{e}");
    assert!(e.hint().unwrap().contains("DATABASE_URL="));
}

#[test]
fn a_broken_dotenv_only_matters_when_read() {
    let p = Project::new().var("DATABASE_URL", "sqlite://");
    p.write("alembic.ini", "[alembic]\nscript_location = migrations\n");
    p.write(".env", "NOT VALID\n");
    assert!(p.load().unwrap().database_url().is_ok());
    let p = Project::new();
    p.write("alembic.ini", "[alembic]\nscript_location = migrations\n");
    p.write(".env", "NOT VALID\n");
    let e = p.load().unwrap().database_url().unwrap_err().to_string();
    assert!(e.contains(".env: line 1"), "{e}");
}

#[test]
fn python_repr_quotes_like_python() {
    assert_eq!(python_repr("alembic.ini"), "'alembic.ini'");
    assert_eq!(python_repr("it's"), "\"it's\"");
    assert_eq!(python_repr("a'\"b"), "'a\\'\"b'");
    assert_eq!(python_repr("c:\\x\n"), "'c:\\\\x\\n'");
}

#[test]
fn debug_output_holds_no_password() {
    let p = Project::new().var("DATABASE_URL", "postgresql://u:envs3cret@h/d");
    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = migrations\nsqlalchemy.url = postgresql://u:inis3cret@h/d\n",
    );
    p.write("aludel.toml", "url = \"postgresql://u:tomls3cret@h/d\"\n");
    let options = GlobalOptions {
        url: Some("postgresql://u:clis3cret@h/d".into()),
        ..GlobalOptions::default()
    };
    let c = p.load_with(&options).unwrap();
    let debug = format!("{c:?} {:?} {options:?}", c.database_url().unwrap());
    assert!(!debug.contains("s3cret"), "{debug}");
}

/// What Alembic's `Config` API does to the ini: `config_args` become
/// `[DEFAULT]` values under the file's, `set_main_option` replaces the
/// file's value (with the ini's precedence for `sqlalchemy.url`) and
/// `set_section_option` creates a missing section.
#[test]
fn ini_overrides_act_as_alembics_config_api() {
    let set = |section: &str, name: &str, value: &str| IniOverride::Set {
        section: section.into(),
        name: name.into(),
        value: value.into(),
    };
    let default = |name: &str, value: &str| IniOverride::Default {
        name: name.into(),
        value: value.into(),
    };
    let p = Project::new();
    p.write(
        "alembic.ini",
        "[DEFAULT]\nshared = file\n[alembic]\nscript_location = migrations\n\
         sqlalchemy.url = sqlite:///ini.db\nname = %(app)s-%(shared)s\n",
    );
    let options = GlobalOptions {
        ini_overrides: vec![
            default("app", "shop"),
            default("shared", "args"),
            default("here", "/elsewhere"),
            set("alembic", "sqlalchemy.url", "sqlite:///%(here)s/tmp%%1.db"),
            set("engine2", "sqlalchemy.url", "sqlite:///two.db"),
        ],
        ..GlobalOptions::default()
    };
    let c = p.load_with(&options).unwrap();
    let root = python_path::posix(&p.root());
    let url = c.database_url().unwrap().unwrap();
    assert_eq!(url.as_str(), format!("sqlite:///{root}/tmp%1.db"));
    assert_eq!(
        url.source().to_string(),
        format!(
            "sqlalchemy.url set on [alembic] of {} by the program",
            p.root().join("alembic.ini").display()
        )
    );
    assert_eq!(
        c.get_main_option("name").unwrap().as_deref(),
        Some("shop-file")
    );
    assert_eq!(
        c.get_section_option("engine2", "sqlalchemy.url")
            .unwrap()
            .as_deref(),
        Some("sqlite:///two.db")
    );

    // The value has the ini's precedence: DATABASE_URL and --url still win.
    let p2 = Project::new().var("DATABASE_URL", "sqlite:///env.db");
    p2.write("alembic.ini", "[alembic]\nscript_location = migrations\n");
    let c = p2.load_with(&options).unwrap();
    assert_eq!(
        c.database_url().unwrap().unwrap().as_str(),
        "sqlite:///env.db"
    );

    // A missing ini file, as Alembic's `Config("missing.ini")` with
    // `set_main_option("script_location", ...)`, is enough to load.
    let p3 = Project::new();
    let options = GlobalOptions {
        config: vec![PathBuf::from("missing.ini")],
        ini_overrides: vec![set("alembic", "script_location", "migrations")],
        ..GlobalOptions::default()
    };
    let c = p3.load_with(&options).unwrap();
    assert!(!c.ini_found());
    assert_eq!(c.script_location(), p3.root().join("migrations"));
}
