using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatcherPortal.Migrations
{
    /// <inheritdoc />
    public partial class PatchKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Patches",
                type: "TEXT",
                nullable: false,
                defaultValue: "Neuron");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Patches");
        }
    }
}
