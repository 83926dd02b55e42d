using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Autosaves : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Autosaves",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ItemKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ContentItemId = table.Column<string>(type: "TEXT", maxLength: 26, nullable: true),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    BasedOnVersionId = table.Column<string>(type: "TEXT", maxLength: 26, nullable: true),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Autosaves", x => new { x.UserId, x.ItemKey });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Autosaves_UpdatedUtc",
                table: "Autosaves",
                column: "UpdatedUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Autosaves");
        }
    }
}
