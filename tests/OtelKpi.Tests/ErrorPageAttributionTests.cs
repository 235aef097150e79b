using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OtelKpi.Tests.Apps;
using static OtelKpi.Tests.Apps.AttributionApp;

namespace OtelKpi.Tests;

/// <summary>
/// Error pages re-execute the request under another endpoint; ASP.NET Core then records the error page's route
/// (dotnet/aspnetcore#68551). OtelKpi credits the request to the endpoint where it happened. Every assertion is
/// the complete set of request series a real scrape shows, label set by label set.
/// </summary>
public class ErrorPageAttributionTests
{
    private const string Get = "http_request_method=GET";
    private const string Post = "http_request_method=POST";

    [Fact]
    public async Task An_exception_handled_by_UseExceptionHandler_with_a_path_keeps_the_throwing_endpoints_route_and_exception_type()
    {
        await using var host = await StartAsync(app =>
        {
            app.UseExceptionHandler("/error");
            app.MapGet("/error", () => Results.Problem("sorry"));
            app.MapGet("/orders/{id:int}", string (int id) => throw new InvalidOperationException($"order {id}"));
            app.MapGet("/ok", () => "ok");
        });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(500, (int)(await host.Client.GetAsync($"/orders/{i}")).StatusCode);
        }

        await host.Client.GetAsync("/ok");
        var scrape = await host.SettledScrapeAsync(4);

        AssertCounted(
            scrape,
            $"error_type=System.InvalidOperationException,{Get},http_response_status_code=500,http_route=/orders/{{id:int}} = 3",
            $"{Get},http_response_status_code=200,http_route=/ok = 1");
    }

    [Fact]
    public async Task The_MVC_templates_error_page_credits_the_attribute_routed_action_that_threw()
    {
        await using var host = await StartAsync(
            app =>
            {
                app.UseExceptionHandler("/Home/Error");
                app.MapControllers();
                app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
            },
            services: builder => builder.Services.AddControllersWithViews());

        await host.Client.PostAsync("/api/Orders/7/cancel", null);
        await host.Client.PostAsync("/api/Orders/8/cancel", null);
        await host.Client.GetAsync("/Home/Broken");
        var scrape = await host.SettledScrapeAsync(3);

        AssertCounted(
            scrape,
            $"error_type=System.InvalidOperationException,{Post},http_response_status_code=500,http_route=api/Orders/{{id:int}}/cancel = 2",
            $"error_type=System.FormatException,{Get},http_response_status_code=500,http_route={{controller=Home}}/{{action=Index}}/{{id?}} = 1");
    }

    [Theory]
    [InlineData("options-path")]
    [InlineData("options-delegate")]
    [InlineData("exception-handler-service")]
    public async Task Every_form_of_UseExceptionHandler_keeps_the_throwing_endpoints_route_and_exception_type(string form)
    {
        await using var host = await StartAsync(
            app =>
            {
                switch (form)
                {
                    case "options-path":
                        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error" });
                        break;
                    case "options-delegate":
                        app.UseExceptionHandler(new ExceptionHandlerOptions
                        {
                            ExceptionHandler = context => context.Response.WriteAsync("sorry"),
                        });
                        break;
                    default:
                        app.UseExceptionHandler();
                        break;
                }

                app.MapGet("/error", () => Results.Problem("sorry"));
                app.MapGet("/orders/{id:int}", string (int id) => throw new InvalidOperationException($"order {id}"));
            },
            services: builder =>
            {
                if (form == "exception-handler-service")
                {
                    builder.Services.AddProblemDetails();
                    builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
                }
            });

        await host.Client.GetAsync("/orders/1");
        await host.Client.GetAsync("/orders/2");
        var scrape = await host.SettledScrapeAsync(2);

        AssertCounted(
            scrape,
            $"error_type=System.InvalidOperationException,{Get},http_response_status_code=500,http_route=/orders/{{id:int}} = 2");
    }

    [Fact]
    public async Task An_exception_handler_that_answers_a_client_error_leaves_no_error_type()
    {
        await using var host = await StartAsync(
            app =>
            {
                app.UseExceptionHandler();
                app.MapGet("/orders/{id:int}", string (int id) => throw new ArgumentOutOfRangeException(nameof(id)));
            },
            services: builder =>
            {
                builder.Services.AddProblemDetails();
                builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
            });

        Assert.Equal(400, (int)(await host.Client.GetAsync("/orders/1")).StatusCode);
        var scrape = await host.SettledScrapeAsync(1);

        AssertCounted(
            scrape,
            $"{Get},http_response_status_code=400,http_route=/orders/{{id:int}} = 1");
    }

    [Fact]
    public async Task Status_code_pages_with_re_execute_keep_the_original_route_and_unmatched_requests_get_none()
    {
        await using var host = await StartAsync(app =>
        {
            app.UseStatusCodePagesWithReExecute("/status/{0}");
            app.MapGet("/status/{code:int}", (int code) => $"status {code}");
            app.MapGet("/orders/{id:int}", (int id) => id <= 100 ? Results.Ok(id) : Results.NotFound());
            app.MapGet("/payments", () => Results.StatusCode(503));
        });

        await host.Client.GetAsync("/orders/5");
        await host.Client.GetAsync("/orders/500");
        await host.Client.GetAsync("/orders/501");
        await host.Client.GetAsync("/payments");
        foreach (var path in new[] { "/wp-login.php", "/.env", "/admin/config" })
        {
            var response = await host.Client.GetAsync(path);
            Assert.Equal(404, (int)response.StatusCode);
            Assert.Equal("status 404", await response.Content.ReadAsStringAsync()); // the error page did run
        }

        var scrape = await host.SettledScrapeAsync(7);

        AssertCounted(
            scrape,
            $"{Get},http_response_status_code=200,http_route=/orders/{{id:int}} = 1",
            $"{Get},http_response_status_code=404,http_route=/orders/{{id:int}} = 2",
            $"error_type=503,{Get},http_response_status_code=503,http_route=/payments = 1",
            $"{Get},http_response_status_code=404 = 3");
    }

    [Fact]
    public async Task Status_code_pages_credit_MVC_actions_and_an_exception_page_re_executed_twice_keeps_the_first_endpoint()
    {
        await using var host = await StartAsync(
            app =>
            {
                app.UseStatusCodePagesWithReExecute("/Home/Error");
                // An error page that only sets the status: status code pages then re-execute it once more.
                app.UseExceptionHandler(new ExceptionHandlerOptions
                {
                    ExceptionHandler = context =>
                    {
                        context.Response.StatusCode = 500;
                        return Task.CompletedTask;
                    },
                });
                app.MapControllers();
                app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
            },
            services: builder => builder.Services.AddControllersWithViews());

        await host.Client.GetAsync("/api/Orders/1");
        await host.Client.GetAsync("/api/Orders/101");
        await host.Client.GetAsync("/api/Orders/unavailable");
        var thrown = await host.Client.PostAsync("/api/Orders/3/cancel", null);
        Assert.StartsWith("error at", await thrown.Content.ReadAsStringAsync());
        var scrape = await host.SettledScrapeAsync(4);

        AssertCounted(
            scrape,
            $"{Get},http_response_status_code=200,http_route=api/Orders/{{id:int}} = 1",
            $"{Get},http_response_status_code=404,http_route=api/Orders/{{id:int}} = 1",
            $"error_type=503,{Get},http_response_status_code=503,http_route=api/Orders/unavailable = 1",
            $"error_type=System.InvalidOperationException,{Post},http_response_status_code=500,http_route=api/Orders/{{id:int}}/cancel = 1");
    }

    [Fact]
    public async Task A_request_to_the_error_page_itself_is_counted_under_its_own_route()
    {
        await using var host = await StartAsync(app =>
        {
            app.UseExceptionHandler("/error");
            app.MapGet("/error", () => Results.Problem("sorry"));
        });

        await host.Client.GetAsync("/error");
        var scrape = await host.SettledScrapeAsync(1);

        AssertCounted(
            scrape,
            $"error_type=500,{Get},http_response_status_code=500,http_route=/error = 1");
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task A_parameter_that_fails_to_bind_is_a_400_without_error_type_in_every_environment(string environment)
    {
        await using var host = await StartAsync(
            app => app.MapGet("/items/{id:int}", (int id, int count) => id * count),
            environment: environment);

        var response = await host.Client.GetAsync("/items/1?count=many");
        Assert.Equal(400, (int)response.StatusCode);
        var scrape = await host.SettledScrapeAsync(1);

        AssertCounted(
            scrape,
            $"{Get},http_response_status_code=400,http_route=/items/{{id:int}} = 1");
    }

    [Fact]
    public async Task The_developer_exception_page_keeps_route_and_exception_type()
    {
        await using var host = await StartAsync(
            app => app.MapGet("/orders/{id:int}", string (int id) => throw new InvalidOperationException($"order {id}")),
            environment: "Development");

        Assert.Equal(500, (int)(await host.Client.GetAsync("/orders/1")).StatusCode);
        var scrape = await host.SettledScrapeAsync(1);

        AssertCounted(
            scrape,
            $"error_type=System.InvalidOperationException,{Get},http_response_status_code=500,http_route=/orders/{{id:int}} = 1");
    }

    /// <summary>An <see cref="IExceptionHandler"/> as the ProblemDetails guidance writes one: argument errors are the client's.</summary>
    private sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
    {
        public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            httpContext.Response.StatusCode = exception is ArgumentException ? 400 : 500;
            return problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception });
        }
    }
}
