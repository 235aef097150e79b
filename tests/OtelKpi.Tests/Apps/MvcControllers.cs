using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace OtelKpi.Tests.Apps;

/// <summary>An API controller with attribute routes as the Web API template writes them: no leading slash.</summary>
[ApiController]
[Route("api/[controller]")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "MVC discovers actions among public instance methods only.")]
public sealed class OrdersController : ControllerBase
{
    /// <summary>The order, or 404 for ids above 100.</summary>
    [HttpGet("{id:int}")]
    public IActionResult Get(int id) => id <= 100 ? this.Ok(id) : this.NotFound();

    /// <summary>Always throws, as a bug would.</summary>
    [HttpPost("{id:int}/cancel")]
    public IActionResult Cancel(int id) => throw new InvalidOperationException($"order {id} cannot be cancelled");

    /// <summary>A 503 result without an exception.</summary>
    [HttpGet("unavailable")]
    public IActionResult Unavailable() => this.StatusCode(503);
}

/// <summary>The MVC template's error page, reached by <c>UseExceptionHandler("/Home/Error")</c> re-executing the request.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "MVC discovers actions among public instance methods only.")]
public sealed class HomeController : Controller
{
    /// <summary>The home page, reached through the conventional route.</summary>
    public IActionResult Index() => this.Content("home");

    /// <summary>A second action on the conventional route, with the optional id.</summary>
    public IActionResult Privacy(int? id) => this.Content($"privacy {id}");

    /// <summary>Throws, as a bug in a conventionally routed action would.</summary>
    public IActionResult Broken() => throw new FormatException("broken view");

    /// <summary>The error page: what the template's ErrorViewModel shows, as text.</summary>
    public IActionResult Error() =>
        this.Content($"error at {this.HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path}");
}
