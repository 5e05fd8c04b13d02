using Voip.ControlPlane;
using Voip.ControlPlane.Hosting;

try
{
    var app = VoipApp.Build(args);
    app.Run();
    return 0;
}
catch (StartupValidationException ex)
{
    // Refuse to start, saying why (e.g. the default JWT_SECRET outside Development).
    Console.Error.WriteLine("voip-control-plane: " + ex.Message);
    return 1;
}

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
