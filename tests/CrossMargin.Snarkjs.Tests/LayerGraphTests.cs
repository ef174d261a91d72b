using System.Text.RegularExpressions;
using System.Xml.Linq;
using CrossMargin.Testing;

namespace CrossMargin.Snarkjs.Tests;

/// <summary>The README's layer graph is the projects' references, and it points one way.</summary>
public sealed partial class LayerGraphTests
{
    [Fact]
    public void ReadmeLayerGraph_IsExactlyTheSrcProjectReferences_AndListsEachProjectAfterWhatItUses()
    {
        var readme = File.ReadAllText(Path.Combine(RepoLayout.Root, "README.md"));
        var block = LayersBlock().Match(readme);
        Assert.True(block.Success, "README.md has no ```layers block");
        var stated = new List<(string Project, HashSet<string> Uses)>();
        foreach (var line in block.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(':', 2);
            var uses = parts.Length == 2 ? parts[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet() : [];
            stated.Add((parts[0].Trim(), uses));
        }

        var actual = Directory.GetDirectories(Path.Combine(RepoLayout.Root, "src"), "CrossMargin.*")
            .Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".csproj"))
            .Where(File.Exists)
            .ToDictionary(
                csproj => Path.GetFileNameWithoutExtension(csproj)["CrossMargin.".Length..],
                csproj => XDocument.Load(csproj).Descendants("ProjectReference")
                    .Select(r => SrcProject().Match((string?)r.Attribute("Include") ?? ""))
                    .Where(m => m.Success)
                    .Select(m => m.Groups[1].Value)
                    .ToHashSet());

        Assert.Equal(actual.Keys.Order(), stated.Select(s => s.Project).Order());
        var seen = new HashSet<string>();
        foreach (var (project, uses) in stated)
        {
            Assert.True(actual[project].SetEquals(uses),
                $"{project}: the README says it uses {string.Join(", ", uses.Order())}; its csproj references {string.Join(", ", actual[project].Order())}");
            var later = uses.Where(u => !seen.Contains(u)).ToList();
            Assert.True(later.Count == 0, $"{project} uses {string.Join(", ", later)}, listed below it (or not at all): the graph must point one way");
            seen.Add(project);
        }
    }

    [GeneratedRegex("```layers\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex LayersBlock();

    [GeneratedRegex(@"src/CrossMargin\.([A-Za-z0-9.]+)/")]
    private static partial Regex SrcProject();
}
