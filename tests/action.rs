//! The GitHub Action and the project's workflows: `action.yml` and the workflows valid for
//! their schemas, and the action's steps run locally the way a runner runs them, with the
//! environment GitHub gives them, a release served from a local folder, and stand-ins for
//! cargo and the GitHub API.

mod common;

use std::path::Path;

use common::{schema_errors, validator, yaml_file};
use serde_json::Value;

fn project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn action() -> Value {
    yaml_file(&project().join("action.yml"))
}

#[test]
fn action_yml_is_valid() {
    let errors = schema_errors(&validator("github-action.schemastore.json"), &action());
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn workflows_are_valid() {
    let schema = validator("github-workflow.schemastore.json");
    for name in ["ci.yml", "release.yml"] {
        let workflow = yaml_file(&project().join(".github/workflows").join(name));
        let errors = schema_errors(&schema, &workflow);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn every_input_reaches_a_step_and_every_output_comes_from_one() {
    let action = action();
    let steps = action["runs"]["steps"].as_array().unwrap();
    let env_values: Vec<&str> = steps
        .iter()
        .filter_map(|s| s["env"].as_object())
        .flat_map(|env| env.values().filter_map(Value::as_str))
        .collect();
    for input in action["inputs"].as_object().unwrap().keys() {
        let reference = format!("${{{{ inputs.{input} }}}}");
        assert!(
            env_values.contains(&reference.as_str()),
            "{input} reaches no step"
        );
    }
    for (name, output) in action["outputs"].as_object().unwrap() {
        let value = output["value"].as_str().unwrap();
        assert_eq!(value, format!("${{{{ steps.check.outputs.{name} }}}}"));
    }
    for step in steps {
        let run = step["run"].as_str().unwrap();
        let script = run.trim_matches('\'').trim_matches('"');
        let script = script.replace("$GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"));
        assert!(Path::new(&script).is_file(), "{script}");
        assert_eq!(step["shell"], "bash");
    }
}

/// The action's steps run as a runner runs them; they are bash scripts, which the tests run
/// where bash and tar are at hand.
#[cfg(unix)]
mod local {
    use std::collections::BTreeMap;
    use std::os::unix::fs::PermissionsExt;
    use std::path::{Path, PathBuf};

    use serde_json::Value;

    use super::{action, common};
    use common::github_api::{Answer, Server};
    use common::{NOW, failing_copy, passing_copy, schema_errors, validator};

    /// One step as the runner ran it.
    #[derive(Debug, Default)]
    struct Step {
        code: i32,
        stdout: String,
        stderr: String,
        outputs: BTreeMap<String, String>,
    }

    /// The action run locally: a runner's environment, the expressions it evaluates, and what
    /// the steps left behind.
    struct Runner {
        workspace: PathBuf,
        temp: tempfile::TempDir,
        inputs: BTreeMap<String, String>,
        github: BTreeMap<String, String>,
        env: BTreeMap<String, String>,
        steps: BTreeMap<String, Step>,
    }

    impl Runner {
        fn new(workspace: &Path) -> Self {
            let temp = tempfile::tempdir().unwrap();
            let event = temp.path().join("event.json");
            std::fs::write(&event, r#"{"ref": "refs/heads/main"}"#).unwrap();
            let (os, arch, _) = host().expect("a platform the release builds for");
            let github = [
                ("action_repository", "acme/irready"),
                ("action_ref", "v0.1.0"),
                ("token", "ghs_runner_token_never_printed"),
                ("event.pull_request.base.sha", ""),
            ];
            let env = [
                ("CI", "true"),
                ("GITHUB_ACTIONS", "true"),
                ("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR")),
                ("GITHUB_WORKSPACE", workspace.to_str().unwrap()),
                ("GITHUB_EVENT_PATH", event.to_str().unwrap()),
                ("GITHUB_REPOSITORY", "acme/plan"),
                ("GITHUB_SHA", "3333333333333333333333333333333333333333"),
                ("GITHUB_SERVER_URL", "https://github.invalid"),
                ("GITHUB_API_URL", "http://127.0.0.1:9"),
                ("RUNNER_OS", os),
                ("RUNNER_ARCH", arch),
                ("RUNNER_TEMP", temp.path().to_str().unwrap()),
                ("HOME", temp.path().to_str().unwrap()),
                ("PATH", &std::env::var("PATH").unwrap()),
            ];
            let owned = |pairs: &[(&str, &str)]| {
                pairs
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect()
            };
            Self {
                workspace: workspace.to_owned(),
                inputs: BTreeMap::new(),
                github: owned(&github),
                env: owned(&env),
                temp,
                steps: BTreeMap::new(),
            }
        }

        fn input(mut self, name: &str, value: &str) -> Self {
            self.inputs.insert(name.to_owned(), value.to_owned());
            self
        }

        fn env(mut self, name: &str, value: &str) -> Self {
            self.env.insert(name.to_owned(), value.to_owned());
            self
        }

        /// Runs the steps in order, up to the first that fails, as `if: success()` does.
        fn run(&mut self) -> &mut Self {
            let action = action();
            for step in action["runs"]["steps"].as_array().unwrap() {
                let result = self.run_step(step);
                let failed = result.code != 0;
                self.steps
                    .insert(step["id"].as_str().unwrap().to_owned(), result);
                if failed {
                    break;
                }
            }
            self
        }

        /// Runs one step as the runner does: `bash --noprofile --norc -eo pipefail`, with the
        /// step's `env` evaluated and a fresh `GITHUB_OUTPUT` file.
        fn run_step(&self, step: &Value) -> Step {
            let id = step["id"].as_str().unwrap();
            let output_file = self.temp.path().join(format!("output-{id}"));
            std::fs::write(&output_file, "").unwrap();
            let mut command = std::process::Command::new("bash");
            command
                .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
                .arg(self.expand(step["run"].as_str().unwrap()))
                .current_dir(&self.workspace)
                .env_clear()
                .envs(&self.env)
                .env("GITHUB_OUTPUT", &output_file)
                .env("GITHUB_STEP_SUMMARY", self.summary_file());
            for (name, value) in step["env"].as_object().into_iter().flatten() {
                command.env(name, self.expand(value.as_str().unwrap()));
            }
            let output = command.output().unwrap();
            Step {
                code: output.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
                outputs: read_outputs(&std::fs::read_to_string(output_file).unwrap()),
            }
        }

        /// Evaluates the `${{ … }}` expressions of a text; one the runner would not know fails.
        fn expand(&self, text: &str) -> String {
            let mut expanded = String::new();
            let mut rest = text;
            while let Some(start) = rest.find("${{") {
                let end = start + rest[start..].find("}}").expect("a closed expression");
                expanded.push_str(&rest[..start]);
                expanded.push_str(&self.value(rest[start + 3..end].trim()));
                rest = &rest[end + 2..];
            }
            expanded.push_str(rest);
            expanded
        }

        fn value(&self, expression: &str) -> String {
            if let Some(name) = expression.strip_prefix("inputs.") {
                if let Some(value) = self.inputs.get(name) {
                    return value.clone();
                }
                let default = &action()["inputs"][name]["default"];
                return self.expand(default.as_str().expect("a known input"));
            }
            if let Some(name) = expression.strip_prefix("github.") {
                return self.github.get(name).expect("a known github value").clone();
            }
            if let Some(path) = expression.strip_prefix("steps.") {
                let (id, name) = path.split_once(".outputs.").expect("a step output");
                let step = self.steps.get(id);
                return step
                    .and_then(|s| s.outputs.get(name))
                    .cloned()
                    .unwrap_or_default();
            }
            panic!("the runner would not know `{expression}`")
        }

        fn summary_file(&self) -> PathBuf {
            self.temp.path().join("step-summary.md")
        }

        fn summary(&self) -> String {
            std::fs::read_to_string(self.summary_file()).unwrap_or_default()
        }

        /// The action's outputs, from their `value` expressions.
        fn outputs(&self) -> BTreeMap<String, String> {
            let action = action();
            action["outputs"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(name, o)| (name.clone(), self.expand(o["value"].as_str().unwrap())))
                .collect()
        }

        fn step(&self, id: &str) -> &Step {
            self.steps
                .get(id)
                .unwrap_or_else(|| panic!("the step {id} did not run"))
        }
    }

    /// `name=value` lines and `name<<DELIMITER` blocks of a `GITHUB_OUTPUT` file.
    fn read_outputs(text: &str) -> BTreeMap<String, String> {
        let mut outputs = BTreeMap::new();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if let Some((name, delimiter)) = line.split_once("<<") {
                let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
                outputs.insert(name.to_owned(), value.join("\n"));
            } else if let Some((name, value)) = line.split_once('=') {
                outputs.insert(name.to_owned(), value.to_owned());
            }
        }
        outputs
    }

    /// `RUNNER_OS`, `RUNNER_ARCH` and the release target of this machine.
    fn host() -> Option<(&'static str, &'static str, &'static str)> {
        match (std::env::consts::OS, std::env::consts::ARCH) {
            ("linux", "x86_64") => Some(("Linux", "X64", "x86_64-unknown-linux-gnu")),
            ("linux", "aarch64") => Some(("Linux", "ARM64", "aarch64-unknown-linux-gnu")),
            ("macos", "x86_64") => Some(("macOS", "X64", "x86_64-apple-darwin")),
            ("macos", "aarch64") => Some(("macOS", "ARM64", "aarch64-apple-darwin")),
            _ => None,
        }
    }

    /// A release as the release workflow publishes it: the binary of this build in
    /// `irready-<target>.tar.gz`, and `SHA256SUMS`.
    fn release() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let stage = tempfile::tempdir().unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_irready"), stage.path().join("irready")).unwrap();
        let asset = format!("irready-{}.tar.gz", host().unwrap().2);
        let tar = std::process::Command::new("tar")
            .args(["-czf", dir.path().join(&asset).to_str().unwrap(), "-C"])
            .arg(stage.path())
            .arg("irready")
            .status()
            .unwrap();
        assert!(tar.success());
        let digest = sha256(&dir.path().join(&asset));
        std::fs::write(
            dir.path().join("SHA256SUMS"),
            format!("{digest}  {asset}\n"),
        )
        .unwrap();
        dir
    }

    fn sha256(path: &Path) -> String {
        let output = std::process::Command::new("sha256sum")
            .arg(path)
            .output()
            .or_else(|_| {
                std::process::Command::new("shasum")
                    .args(["-a", "256"])
                    .arg(path)
                    .output()
            })
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        text.split_whitespace().next().unwrap().to_owned()
    }

    /// A `cargo` first on the PATH that logs its arguments and, for `install --root DIR`,
    /// puts this build's binary in DIR/bin, as the real one would after building it.
    fn fake_cargo(dir: &Path) -> PathBuf {
        let log = dir.join("cargo.log");
        let script = format!(
            "#!/usr/bin/env bash\n\
             echo \"$*\" >> '{log}'\n\
             root=\"${{@: -1}}\"\n\
             mkdir -p \"$root/bin\" && cp '{binary}' \"$root/bin/irready\"\n",
            log = log.display(),
            binary = env!("CARGO_BIN_EXE_irready"),
        );
        let bin = dir.join("fake-bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("cargo"), script).unwrap();
        std::fs::set_permissions(bin.join("cargo"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
        log
    }

    fn with_fake_cargo(runner: Runner) -> (Runner, PathBuf) {
        let log = fake_cargo(runner.temp.path());
        let path = format!(
            "{}:{}",
            runner.temp.path().join("fake-bin").display(),
            runner.env["PATH"]
        );
        (runner.env("PATH", &path), log)
    }

    #[test]
    fn the_action_installs_a_verified_release_and_fails_on_an_error() {
        let plan = failing_copy("imt-role-no-deputy");
        let release = release();
        let base = format!("file://{}", release.path().display());
        let (runner, cargo_log) = with_fake_cargo(Runner::new(plan.path()));
        let mut runner = runner.input("now", NOW).env("IRREADY_DOWNLOAD_BASE", &base);
        runner.run();

        let install = runner.step("install");
        assert_eq!(install.code, 0, "{}{}", install.stdout, install.stderr);
        assert!(
            install.stdout.contains("Downloading irready-"),
            "{}",
            install.stdout
        );
        assert!(!cargo_log.exists(), "nothing was built");
        let check = runner.step("check");
        assert_eq!(check.code, 1, "an error fails the step: {}", check.stderr);
        assert!(
            check
                .stdout
                .contains("::error file=team/roster.yaml,line=67,"),
            "{}",
            check.stdout
        );

        let outputs = runner.outputs();
        let counts: Vec<&str> = ["errors", "warnings", "info", "waived"]
            .iter()
            .map(|n| outputs[*n].as_str())
            .collect();
        assert_eq!(counts, ["1", "0", "0", "0"]);
        let sarif: Value =
            serde_json::from_slice(&std::fs::read(&outputs["sarif"]).unwrap()).unwrap();
        let errors = schema_errors(&validator("sarif-schema-2.1.0.json"), &sarif);
        assert!(errors.is_empty(), "{errors:#?}");
        let summary = runner.summary();
        assert!(summary.starts_with("## irready\n\n**Failed**"), "{summary}");
        assert!(summary.contains("| error | team/roster.yaml:67:7 | imt-role-no-deputy |"));
    }

    #[test]
    fn a_checksum_that_does_not_match_stops_the_action() {
        let plan = passing_copy();
        let release = release();
        let sums = release.path().join("SHA256SUMS");
        let text = std::fs::read_to_string(&sums).unwrap();
        std::fs::write(&sums, format!("{}{}", "0".repeat(64), &text[64..])).unwrap();
        let base = format!("file://{}", release.path().display());
        let (runner, cargo_log) = with_fake_cargo(Runner::new(plan.path()));
        let mut runner = runner.env("IRREADY_DOWNLOAD_BASE", &base);
        runner.run();

        let install = runner.step("install");
        assert_ne!(install.code, 0);
        assert!(
            install
                .stdout
                .contains("::error title=irready::the SHA-256 of")
        );
        assert!(!install.outputs.contains_key("bin"));
        assert!(
            !cargo_log.exists(),
            "a tampered release is not replaced by a build"
        );
        assert!(!runner.steps.contains_key("check"));
    }

    #[test]
    fn without_a_release_the_action_builds_from_its_source() {
        let plan = passing_copy();
        let empty = tempfile::tempdir().unwrap();
        let base = format!("file://{}", empty.path().display());
        let (runner, cargo_log) = with_fake_cargo(Runner::new(plan.path()));
        let mut runner = runner.input("now", NOW).env("IRREADY_DOWNLOAD_BASE", &base);
        runner.run();

        let install = runner.step("install");
        assert_eq!(install.code, 0, "{}{}", install.stdout, install.stderr);
        let cargo = std::fs::read_to_string(cargo_log).unwrap();
        let root = runner.temp.path().join("irready-action");
        assert_eq!(
            cargo.trim(),
            format!(
                "install --locked --path {} --root {}",
                env!("CARGO_MANIFEST_DIR"),
                root.display()
            )
        );
        assert_eq!(runner.step("check").code, 0);
        assert_eq!(runner.outputs()["errors"], "0");
    }

    /// An `irready` that logs its arguments and writes an empty JSON report.
    fn fake_irready(dir: &Path) -> (PathBuf, PathBuf) {
        let log = dir.join("irready.log");
        let script = format!(
            "#!/usr/bin/env bash\n\
             echo \"$* token=${{GITHUB_TOKEN:+set}}\" >> '{log}'\n\
             args=(\"$@\")\n\
             for i in \"${{!args[@]}}\"; do\n\
             \x20 if [ \"${{args[$i]}}\" = --output ]; then out=\"${{args[$((i + 1))]}}\"; fi\n\
             done\n\
             if [ -n \"${{out:-}}\" ]; then\n\
             \x20 printf '{{\\n  \"summary\": {{\\n    \"error\": 3,\\n    \"warning\": 2,\\n    \"info\": 1,\\n    \"waived\": 0\\n  }}\\n}}\\n' > \"$out\"\n\
             fi\n",
            log = log.display(),
        );
        let path = dir.join("fake-irready");
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        (path, log)
    }

    #[test]
    fn the_check_step_passes_every_input_to_irready() {
        let plan = passing_copy();
        let runner = Runner::new(plan.path());
        let (fake, log) = fake_irready(runner.temp.path());
        let event = runner.temp.path().join("event.json");
        let pull_request =
            r#"{"pull_request": {"base": {"sha": "abc123"}, "head": {"sha": "def456"}}}"#;
        std::fs::write(&event, pull_request).unwrap();
        let mut runner = runner
            .input("path", "plans")
            .input("config", "plans/irready.yaml")
            .input("fail-on", "warning")
            .input("now", NOW)
            .input("check-run", "true");
        runner
            .github
            .insert("event.pull_request.base.sha".into(), "abc123".into());
        let install = Step {
            outputs: BTreeMap::from([("bin".to_owned(), fake.display().to_string())]),
            ..Step::default()
        };
        runner.steps.insert("install".into(), install);
        let action = action();
        let check = runner.run_step(&action["runs"]["steps"][1]);
        assert_eq!(check.code, 0, "{}", check.stderr);

        let common = "check plans --config plans/irready.yaml --now 2026-12-01 --base abc123";
        let calls = std::fs::read_to_string(log).unwrap();
        let calls: Vec<&str> = calls.lines().collect();
        assert_eq!(calls.len(), 4, "{calls:#?}");
        assert!(calls.iter().all(|c| c.starts_with(common)), "{calls:#?}");
        assert!(calls[3].ends_with("--fail-on warning --format human --check-run token=set"));
        assert!(calls[2].contains("--fail-on warning --format markdown"));
        let outputs = read_outputs(&check_outputs(&runner));
        let counts: Vec<&str> = ["errors", "warnings", "info", "waived"]
            .iter()
            .map(|n| outputs[*n].as_str())
            .collect();
        assert_eq!(counts, ["3", "2", "1", "0"], "read from the JSON report");
        assert_eq!(outputs["sarif"], sarif_path(&runner));
    }

    fn check_outputs(runner: &Runner) -> String {
        std::fs::read_to_string(runner.temp.path().join("output-check")).unwrap()
    }

    fn sarif_path(runner: &Runner) -> String {
        runner
            .temp
            .path()
            .join("irready-action/irready.sarif")
            .display()
            .to_string()
    }

    #[test]
    fn the_action_publishes_a_check_run_with_its_token() {
        let token = "ghs_runner_token_never_printed";
        let server = Server::start(Answer::AsGitHub, token);
        let plan = failing_copy("imt-role-no-deputy");
        let release = release();
        let base = format!("file://{}", release.path().display());
        let mut runner = Runner::new(plan.path())
            .input("now", NOW)
            .input("check-run", "true")
            .env("IRREADY_DOWNLOAD_BASE", &base)
            .env("GITHUB_API_URL", &server.url);
        runner.run();

        let check = runner.step("check");
        assert_eq!(check.code, 1, "{}", check.stderr);
        assert!(
            !check.stdout.contains("::error"),
            "annotations go to the check run: {}{}",
            check.stdout,
            check.stderr
        );
        for step in runner.steps.values() {
            assert!(!step.stdout.contains(token) && !step.stderr.contains(token));
        }
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        let body = &requests[0].body;
        assert_eq!(body["head_sha"], "3333333333333333333333333333333333333333");
        assert_eq!(body["conclusion"], "failure");
        assert_eq!(body["output"]["annotations"][0]["path"], "team/roster.yaml");
    }
}
