import ArgumentParser
import Logging

/// The `yanjian` command: parse, call one library function, print.
@main
struct Yanjian: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yanjian",
        abstract: "Yanjian (烟监): find and stop illegal tobacco trade across departments.",
        discussion: """
        Start here:
          yanjian demo                       generate a demo world, load it and open the web app
          yanjian serve --db prod.db         serve an existing database on http://127.0.0.1:8080

        The pipeline on any delivery of the interchange format:
          yanjian import DIR --db X  →  yanjian analyze --db X  →  yanjian export findings --db X --out f.json
          yanjian eval --truth DIR/truth.json --findings f.json   (generated worlds only)

        Every command that opens a database takes --db (a SQLite file or a postgres:// URL; default
        $YANJIAN_DB, else ./yanjian.db). Run `yanjian help COMMAND` for details and examples.
        """,
        version: YanjianVersion.current,
        subcommands: [
            DemoCommand.self, ServeCommand.self, MigrateCommand.self, UserCommand.self, AuditCommand.self,
            SynthCommand.self, ImportCommand.self, AnalyzeCommand.self, ExportCommand.self, EvalCommand.self,
            RiskCommand.self, GangsCommand.self, GraphCommand.self, VehiclesCommand.self, ConvoysCommand.self, WarningsCommand.self,
            ListsCommand.self, EntitiesCommand.self,
        ]
    )
}

/// The version printed by `--version` and `/api/v1/health`.
enum YanjianVersion {
    static let current = "0.1.0"
}
