namespace Voip.ControlPlane.Users;

public static class UsersServiceCollectionExtensions
{
    public static IServiceCollection AddVoipUsers(this IServiceCollection services) => services.AddSingleton<UserService>();
}
