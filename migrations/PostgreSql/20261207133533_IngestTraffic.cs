using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PatcherPortal.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class IngestTraffic : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "Confidence",
                table: "ReviewItems",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InputKey",
                table: "ReviewItems",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "ReviewItems",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Occurrences",
                table: "ReviewItems",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "IngestReceipts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Model = table.Column<string>(type: "text", nullable: false),
                    ClientId = table.Column<string>(type: "text", nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    ReviewItemId = table.Column<int>(type: "integer", nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestReceipts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_Model_InputKey",
                table: "ReviewItems",
                columns: new[] { "Model", "InputKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IngestReceipts_Model_ClientId",
                table: "IngestReceipts",
                columns: new[] { "Model", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IngestReceipts_ReceivedAt",
                table: "IngestReceipts",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IngestReceipts");

            migrationBuilder.DropIndex(
                name: "IX_ReviewItems_Model_InputKey",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "Confidence",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "InputKey",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "Metadata",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "Occurrences",
                table: "ReviewItems");
        }
    }
}
