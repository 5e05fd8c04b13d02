namespace Voip.Media.Host;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("voip-media: starting");
        return 0;
    }
}
