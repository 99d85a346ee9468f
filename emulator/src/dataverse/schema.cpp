#include "dataverse/schema.h"

namespace emulator::dataverse {
namespace {

column make(std::string name, column_kind kind)
{
    column c;
    c.name = std::move(name);
    c.kind = kind;
    return c;
}

column text(std::string name, std::size_t length, json fallback = nullptr)
{
    column c = make(std::move(name), column_kind::text);
    c.max_length = length;
    c.default_value = std::move(fallback);
    return c;
}

column memo(std::string name) { return make(std::move(name), column_kind::memo); }

column flag(std::string name, json fallback)
{
    column c = make(std::move(name), column_kind::boolean);
    c.default_value = std::move(fallback);
    return c;
}

column choice(std::string name, std::vector<int> options, json fallback = nullptr)
{
    column c = make(std::move(name), column_kind::picklist);
    c.options = std::move(options);
    c.default_value = std::move(fallback);
    return c;
}

column whole(std::string name, long long min, long long max)
{
    column c = make(std::move(name), column_kind::integer);
    c.min = min;
    c.max = max;
    return c;
}

column when(std::string name) { return make(std::move(name), column_kind::datetime); }

column id(std::string name) { return make(std::move(name), column_kind::guid); }

column lookup(std::string name, std::vector<std::string> targets)
{
    column c = make(std::move(name), column_kind::lookup);
    c.targets = std::move(targets);
    return c;
}

column read_only(column c)
{
    c.writable = false;
    return c;
}

column write_only(column c)
{
    c.readable = false;
    return c;
}

std::vector<column> with_system_columns(std::vector<column> columns)
{
    columns.push_back(read_only(when("createdon")));
    columns.push_back(read_only(when("modifiedon")));
    columns.push_back(read_only(whole("versionnumber", 0, 0)));
    return columns;
}

} // namespace

const std::vector<table>& tables()
{
    static const std::vector<table> all = {
        {"emailserverprofiles", "emailserverprofile", "emailserverprofileid", true,
         with_system_columns({
             text("name", 100),
             memo("description"),
             choice("servertype", {0, 1, 2, 3, 4}),
             flag("useautodiscover", false),
             text("incomingserverlocation", 2084),
             text("outgoingserverlocation", 2084),
             flag("usesamesettingsforoutgoingconnections", true),
             text("exchangeonlinetenantid", 36),
             flag("usedefaulttenantid", true),
             when("processemailsreceivedafter"),
             whole("minpollingintervalinminutes", 0, 1440),
             flag("moveundeliveredemails", false),
             choice("incomingcredentialretrieval", {0, 1, 2, 3, 4, 5, 6, 7}),
             choice("outgoingcredentialretrieval", {0, 1, 2, 3, 4, 5, 6, 7}),
             choice("incomingauthenticationprotocol", {0, 1, 2, 3, 4}),
             choice("outgoingauthenticationprotocol", {0, 1, 2, 3, 4}),
             flag("incomingusessl", true),
             flag("outgoingusessl", true),
             flag("incominguseimpersonation", false),
             flag("outgoinguseimpersonation", false),
             flag("outgoingautograntdelegateaccess", false),
             flag("sendemailalert", false),
             choice("exchangeversion", {0, 1, 2, 3, 4, 5}),
             whole("maxconcurrentconnections", 1, 300),
             flag("timeoutmailboxconnection", true),
             whole("timeoutmailboxconnectionafteramount", 0, 100000),
             text("incomingusername", 100),
             text("outgoingusername", 100),
             write_only(text("incomingpassword", 100)),
             write_only(text("outgoingpassword", 100)),
             text("oauthclientid", 100),
             write_only(text("oauthclientsecret", 1000)),
             text("aadresourceid", 2084),
             text("keyvaultreferenceid", 100),
             text("managedidentityid", 100),
             read_only(choice("lasttestexecutionstatus", {0, 1, 2})),
             read_only(choice("lasttestvalidationstatus", {0, 1})),
             read_only(choice("lastauthorizationstatus", {0, 1})),
             read_only(memo("lasttestrequest")),
             read_only(memo("lasttestresponse")),
             read_only(memo("lastcrmmessage")),
             read_only(when("lastteststarttime")),
             read_only(whole("lasttesttotalexecutiontime", 0, 0)),
             choice("statecode", {0, 1}, 0),
             choice("statuscode", {1, 2}, 1),
         })},
        {"mailboxes", "mailbox", "mailboxid", true,
         with_system_columns({
             text("name", 100),
             text("emailaddress", 100),
             lookup("emailserverprofile", {"emailserverprofiles"}),
             lookup("regardingobjectid", {"systemusers", "queues"}),
             choice("incomingemaildeliverymethod", {0, 1, 2, 3}, 0),
             choice("outgoingemaildeliverymethod", {0, 1, 2}, 0),
             choice("actdeliverymethod", {0, 1, 2}, 2),
             choice("emailrouteraccessapproval", {0, 1, 2, 3}, 0),
             read_only(flag("isemailaddressapprovedbyo365admin", false)),
             flag("testemailconfigurationscheduled", false),
             whole("testemailconfigurationretrycount", 0, 2147483647),
             when("postponetestemailconfigurationuntil"),
             read_only(when("testmailboxaccesscompletedon")),
             read_only(choice("incomingemailstatus", {0, 1, 2}, 0)),
             read_only(choice("outgoingemailstatus", {0, 1, 2}, 0)),
             read_only(choice("actstatus", {0, 1, 2}, 0)),
             read_only(choice("mailboxstatus", {0, 1, 2}, 0)),
             flag("enabledforincomingemail", true),
             flag("enabledforoutgoingemail", true),
             flag("enabledforact", true),
             text("ewsurl", 1024),
             read_only(memo("lastsyncerror")),
             read_only(whole("lastsyncerrorcode", 0, 0)),
             when("processemailreceivedafter"),
             flag("orgmarkedasprimaryforexchangesync", false),
             flag("isforwardmailbox", false),
             flag("isserviceaccount", false),
             choice("statecode", {0, 1}, 0),
             choice("statuscode", {1, 2}, 1),
         })},
        {"organizations", "organization", "organizationid", false,
         with_system_columns({
             read_only(text("name", 160)),
             lookup("defaultemailserverprofileid", {"emailserverprofiles"}),
             memo("defaultemailsettings"),
             choice("emailconnectionchannel", {0, 1}, 0),
             flag("requireapprovalforuseremail", false),
             flag("requireapprovalforqueueemail", false),
         })},
        {"systemusers", "systemuser", "systemuserid", true,
         with_system_columns({
             text("domainname", 1024),
             text("firstname", 256),
             text("lastname", 256),
             text("fullname", 200),
             text("internalemailaddress", 100),
             id("azureactivedirectoryobjectid"),
             lookup("defaultmailbox", {"mailboxes"}),
             choice("emailrouteraccessapproval", {0, 1, 2, 3}, 0),
             choice("incomingemaildeliverymethod", {0, 1, 2, 3}, 0),
             choice("outgoingemaildeliverymethod", {0, 1, 2}, 0),
             read_only(flag("isdisabled", false)),
         })},
        {"queues", "queue", "queueid", true,
         with_system_columns({
             text("name", 400),
             text("emailaddress", 100),
             lookup("defaultmailbox", {"mailboxes"}),
             choice("emailrouteraccessapproval", {0, 1, 2, 3}, 0),
             choice("incomingemaildeliverymethod", {0, 1, 2, 3}, 0),
             choice("outgoingemaildeliverymethod", {0, 1, 2}, 0),
             choice("statecode", {0, 1}, 0),
             choice("statuscode", {1, 2}, 1),
         })},
    };
    return all;
}

const table* find_table(std::string_view set)
{
    for (const auto& t : tables())
        if (t.set == set)
            return &t;
    return nullptr;
}

const column* find_column(const table& t, std::string_view name)
{
    for (const auto& c : t.columns)
        if (c.name == name)
            return &c;
    return nullptr;
}

std::string stored_name(const column& c) { return c.kind == column_kind::lookup ? "_" + c.name + "_value" : c.name; }

const column* column_for_attribute(const table& t, std::string_view attribute)
{
    for (const auto& c : t.columns)
        if (stored_name(c) == attribute && c.readable)
            return &c;
    return nullptr;
}

} // namespace emulator::dataverse
