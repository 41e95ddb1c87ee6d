using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatcherPortal.Migrations
{
    /// <inheritdoc />
    public partial class ModelRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Task",
                table: "ReviewItems",
                newName: "Model");

            migrationBuilder.RenameIndex(
                name: "IX_ReviewItems_Task_Status",
                table: "ReviewItems",
                newName: "IX_ReviewItems_Model_Status");

            migrationBuilder.RenameColumn(
                name: "Task",
                table: "Patches",
                newName: "Model");

            migrationBuilder.RenameIndex(
                name: "IX_Patches_Task_Status",
                table: "Patches",
                newName: "IX_Patches_Model_Status");

            migrationBuilder.RenameColumn(
                name: "Task",
                table: "ModelVersions",
                newName: "Model");

            migrationBuilder.RenameIndex(
                name: "IX_ModelVersions_Task_Number",
                table: "ModelVersions",
                newName: "IX_ModelVersions_Model_Number");

            migrationBuilder.RenameColumn(
                name: "Task",
                table: "Metrics",
                newName: "Model");

            migrationBuilder.RenameIndex(
                name: "IX_Metrics_Task_ModelVersion",
                table: "Metrics",
                newName: "IX_Metrics_Model_ModelVersion");

            migrationBuilder.RenameColumn(
                name: "Task",
                table: "Corrections",
                newName: "Model");

            migrationBuilder.RenameIndex(
                name: "IX_Corrections_Task_Status",
                table: "Corrections",
                newName: "IX_Corrections_Model_Status");

            migrationBuilder.RenameColumn(
                name: "Task",
                table: "ConsolidationRuns",
                newName: "Model");

            migrationBuilder.RenameIndex(
                name: "IX_ConsolidationRuns_Task_Status",
                table: "ConsolidationRuns",
                newName: "IX_ConsolidationRuns_Model_Status");

            migrationBuilder.CreateTable(
                name: "RegisteredModels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    InputLabel = table.Column<string>(type: "TEXT", nullable: false),
                    BaseDirectory = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: true),
                    Device = table.Column<string>(type: "TEXT", nullable: true),
                    EditorSettings = table.Column<string>(type: "TEXT", nullable: true),
                    Labels = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    RetiredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RetiredBy = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegisteredModels", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredModels_Name",
                table: "RegisteredModels",
                column: "Name",
                unique: true);

            // The two fixed tasks become the default profile's two registered models, named after their task codes.
            foreach (var table in KeyedTables)
            {
                migrationBuilder.Sql($"UPDATE \"{table}\" SET \"Model\" = 'qa' WHERE \"Model\" = 'QuestionAnswering';");
                migrationBuilder.Sql($"UPDATE \"{table}\" SET \"Model\" = 'fc' WHERE \"Model\" = 'FactChecking';");
            }
            // A database that already served them registers them; a new one leaves that to the portal's first start.
            migrationBuilder.Sql(RegisterExisting("qa", "Question answering",
                "Answers factual questions; wrong answers are patched one neuron at a time.", "Generation", "Question", "[]"));
            migrationBuilder.Sql(RegisterExisting("fc", "Fact checking",
                "Labels claims as supported or refuted; wrong verdicts are patched in place.", "Classification", "Claim", "[\"REFUTES\",\"SUPPORTS\"]"));
        }

        private static readonly string[] KeyedTables = ["ReviewItems", "Patches", "ModelVersions", "Metrics", "Corrections", "ConsolidationRuns"];

        private static string RegisterExisting(string name, string displayName, string description, string kind, string inputLabel, string labels) => $"""
            INSERT INTO "RegisteredModels" ("Name", "DisplayName", "Description", "Kind", "InputLabel", "BaseDirectory", "Source", "Labels", "CreatedAt", "CreatedBy")
            SELECT '{name}', '{displayName}', '{description}', '{kind}', '{inputLabel}', 'models/{name}/base', 'built in', '{labels}', MIN("CreatedAt"), 'system'
            FROM "ModelVersions" WHERE "Model" = '{name}' HAVING COUNT(*) > 0;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in KeyedTables)
            {
                migrationBuilder.Sql($"UPDATE \"{table}\" SET \"Model\" = 'QuestionAnswering' WHERE \"Model\" = 'qa';");
                migrationBuilder.Sql($"UPDATE \"{table}\" SET \"Model\" = 'FactChecking' WHERE \"Model\" = 'fc';");
            }

            migrationBuilder.DropTable(
                name: "RegisteredModels");

            migrationBuilder.RenameColumn(
                name: "Model",
                table: "ReviewItems",
                newName: "Task");

            migrationBuilder.RenameIndex(
                name: "IX_ReviewItems_Model_Status",
                table: "ReviewItems",
                newName: "IX_ReviewItems_Task_Status");

            migrationBuilder.RenameColumn(
                name: "Model",
                table: "Patches",
                newName: "Task");

            migrationBuilder.RenameIndex(
                name: "IX_Patches_Model_Status",
                table: "Patches",
                newName: "IX_Patches_Task_Status");

            migrationBuilder.RenameColumn(
                name: "Model",
                table: "ModelVersions",
                newName: "Task");

            migrationBuilder.RenameIndex(
                name: "IX_ModelVersions_Model_Number",
                table: "ModelVersions",
                newName: "IX_ModelVersions_Task_Number");

            migrationBuilder.RenameColumn(
                name: "Model",
                table: "Metrics",
                newName: "Task");

            migrationBuilder.RenameIndex(
                name: "IX_Metrics_Model_ModelVersion",
                table: "Metrics",
                newName: "IX_Metrics_Task_ModelVersion");

            migrationBuilder.RenameColumn(
                name: "Model",
                table: "Corrections",
                newName: "Task");

            migrationBuilder.RenameIndex(
                name: "IX_Corrections_Model_Status",
                table: "Corrections",
                newName: "IX_Corrections_Task_Status");

            migrationBuilder.RenameColumn(
                name: "Model",
                table: "ConsolidationRuns",
                newName: "Task");

            migrationBuilder.RenameIndex(
                name: "IX_ConsolidationRuns_Model_Status",
                table: "ConsolidationRuns",
                newName: "IX_ConsolidationRuns_Task_Status");
        }
    }
}
