using Microsoft.Playwright;

namespace Voip.E2E.Tests.Support;

/// <summary>One PNG per flow step under {test output}/e2e-screenshots/{test}/, attached to the test result.</summary>
public sealed class Screenshots
{
    private readonly string folder;
    private int step;

    public Screenshots()
    {
        var test = TestContext.CurrentContext.Test;
        folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "e2e-screenshots", Sanitize(test.ClassName ?? "") + "." + Sanitize(test.Name));
        Directory.CreateDirectory(folder);
    }

    public string Folder => folder;

    public async Task TakeAsync(IPage page, string name)
    {
        var path = Path.Combine(folder, $"{++step:00}-{Sanitize(name)}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled });
        TestContext.AddTestAttachment(path, name);
    }

    private static string Sanitize(string s) =>
        string.Concat(s.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
}
