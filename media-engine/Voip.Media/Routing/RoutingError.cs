namespace Voip.Media.Routing;

public enum RoutingError
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
}
