package dev.llmg.internal.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * The strict reader: a table of bad values for every kind of field, each refused with INVALID_ARGUMENT naming
 * its path; valid proto3 JSON read exactly as protobuf's own parser reads it; paths named from the chat
 * request inside envelopes.
 */
class ProtoJsonReaderTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                // 32-bit integers
                bad("{'i32':1.5}", "i32", "whole number"),
                bad("{'i32':2147483648}", "i32", "out of range"),
                bad("{'i32':'-2147483649'}", "i32", "out of range"),
                bad("{'i32':[1]}", "i32", "not an array"),
                bad("{'i32':'x'}", "i32", "not the string \"x\""),
                bad("{'i32':' 1'}", "i32", "whole number"),
                bad("{'i32':true}", "i32", "not true"),
                bad("{'i32':{}}", "i32", "not an object"),
                bad("{'i32':1e400}", "i32", "too large"),
                bad("{'i32':'1e999999999'}", "i32", "out of range"),
                bad("{'s32':2147483648}", "s32", "out of range"),
                bad("{'sf32':'1.5'}", "sf32", "whole number"),
                bad("{'u32':-1}", "u32", "out of range"),
                bad("{'u32':4294967296}", "u32", "out of range"),
                bad("{'f32':-1}", "f32", "out of range"),
                // 64-bit integers
                bad("{'i64':'x'}", "i64", "whole number"),
                bad("{'i64':true}", "i64", "whole number"),
                bad("{'i64':[1]}", "i64", "not an array"),
                bad("{'i64':{}}", "i64", "not an object"),
                bad("{'i64':1.5}", "i64", "whole number"),
                bad("{'i64':'9223372036854775808'}", "i64", "out of range"),
                bad("{'i64':9223372036854775808}", "i64", "out of range"),
                bad("{'i64':1e19}", "i64", "without a fraction or exponent"),
                bad("{'i64':''}", "i64", "whole number"),
                bad("{'s64':'0x10'}", "s64", "whole number"),
                bad("{'u64':-1}", "u64", "out of range"),
                bad("{'u64':'18446744073709551616'}", "u64", "out of range"),
                bad("{'f64':'-1'}", "f64", "out of range"),
                // floating point
                bad("{'db':1e400}", "db", "too large"),
                bad("{'db':-1e400}", "db", "too large"),
                bad("{'db':'NaN'}", "db", "finite"),
                bad("{'db':'Infinity'}", "db", "finite"),
                bad("{'db':'-Infinity'}", "db", "finite"),
                bad("{'db':'1x'}", "db", "must be a number"),
                bad("{'db':[1.0]}", "db", "not an array"),
                bad("{'db':true}", "db", "must be a number"),
                bad("{'fl':1e39}", "fl", "too large for a float"),
                bad("{'fl':'NaN'}", "fl", "finite"),
                // bool, string, bytes
                bad("{'b':'true'}", "b", "true or false"),
                bad("{'b':1}", "b", "true or false"),
                bad("{'b':[true]}", "b", "not an array"),
                bad("{'s':5}", "s", "must be a string"),
                bad("{'s':['a']}", "s", "not an array"),
                bad("{'s':'a\\ud800'}", "s", "lone surrogate"),
                bad("{'s':'\\udc00a'}", "s", "lone surrogate"),
                bad("{'by':'!!'}", "by", "base64"),
                bad("{'by':5}", "by", "base64"),
                // enums: a known name or a known number only
                bad("{'e':'PURPLE'}", "e", "one of RED, GREEN"),
                bad("{'e':7}", "e", "not the number 7"),
                bad("{'e':1.5}", "e", "one of"),
                bad("{'e':1.0}", "e", "one of"),
                bad("{'e':true}", "e", "one of"),
                bad("{'e':[1]}", "e", "not an array"),
                bad("{'e':'red'}", "e", "one of"),
                bad("{'nv':'NOT_NULL'}", "nv", "one of NULL_VALUE"),
                // repeated fields and maps
                bad("{'ri':5}", "ri", "must be an array"),
                bad("{'ri':[1,'x']}", "ri[1]", "whole number"),
                bad("{'ri':[null]}", "ri[0]", "not null"),
                bad("{'mi':[]}", "mi", "must be an object"),
                bad("{'mi':{'x':'a'}}", "mi.x", "whole number"),
                bad("{'mi':{'1':5}}", "mi.1", "must be a string"),
                bad("{'mi':{'1':null}}", "mi.1", "not null"),
                bad("{'mb':{'yes':'a'}}", "mb.yes", "true or false"),
                // messages, nesting, oneofs, two spellings of one field
                bad("{'child':5}", "child", "must be an object"),
                bad("{'child':{'child':{'i32':'x'}}}", "child.child.i32", "whole number"),
                bad("{'children':[{},5]}", "children[1]", "must be an object"),
                bad("{'children':[{'s':1}]}", "children[0].s", "must be a string"),
                bad("{'a':'x','n':1}", "n", "cannot be set together with a"),
                bad("{'max_count':1,'maxCount':2}", "max_count", "given twice, as max_count and as maxCount"),
                // well-known types
                bad("{'st':'x'}", "st", "must be an object"),
                bad("{'st':{'x':1e400}}", "st.x", "too large"),
                bad("{'st':{'x':{'y':[1,-1e400]}}}", "st.x.y[1]", "too large"),
                bad("{'st':{'x':'\\ud800'}}", "st.x", "lone surrogate"),
                bad("{'v':1e400}", "v", "too large"),
                bad("{'lv':{}}", "lv", "must be an array"),
                bad("{'vs':[1,{'a':1e400}]}", "vs[1].a", "too large"),
                bad("{'d':'1.5'}", "d", "duration"),
                bad("{'d':5}", "d", "must be a string"),
                bad("{'t':'yesterday'}", "t", "RFC 3339"),
                bad("{'w':'x'}", "w", "whole number"),
                bad("{'w':1.5}", "w", "whole number"),
                bad("{'ws':5}", "ws", "must be a string"),
                bad("{'any':{}}", "any", "Any"),
                bad("{'fm':5}", "fm", "must be a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValuesAreRefusedNamingTheirPath(String json, String path, String problem) {
        final GatewayException error = refusal(json, AllTypes.empty());
        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(error.field()).isEqualTo(path);
        assertThat(error.getMessage()).startsWith(path + ' ').contains(problem);
    }

    @Test
    void documentsNestedTooDeeplyAreRefused() {
        final String deep = "{'child':".repeat(ProtoJsonReader.MAX_DEPTH + 1) + "{}" + "}".repeat(ProtoJsonReader.MAX_DEPTH + 1);
        assertThat(refusal(deep, AllTypes.empty()).getMessage()).contains("nested too deeply");
        final String deepStruct = "{'st':" + "{'a':".repeat(ProtoJsonReader.MAX_DEPTH + 1) + "1"
                                  + "}".repeat(ProtoJsonReader.MAX_DEPTH + 2);
        assertThat(refusal(deepStruct, AllTypes.empty()).getMessage()).contains("nested too deeply");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'i32':-2147483648,'i64':'-9223372036854775808','u32':4294967295,'u64':'18446744073709551615',"
            + "'s32':'-5','s64':5,'f32':'7','f64':8,'sf32':-9,'sf64':'10','fl':1.5,'db':'2.5e10','b':true,"
            + "'s':'h\\u00e9llo \\ud83d\\ude00','by':'aGk=','max_count':1e2,'e':'GREEN','ri':[1,'2',3.0],"
            + "'mi':{'1':'a','-2':'b'},'mb':{'true':'t','false':'f'},'child':{'e':1,'child':{'s':'deep'}},"
            + "'children':[{},{'i32':1}],'n':4,'st':{'a':[1,'x',null,true,{'b':2.5}],'c':null},'v':null,"
            + "'lv':[1,[]],'d':'1.500s','t':'2025-01-31T12:00:00.5Z','w':'12','ws':'x','fm':'a.b,cD',"
            + "'nv':null,'vs':[null,1]}",
            "{'maxCount':3,'i64':1e15,'by':'_-8','e':0,'a':'x','n':null,'child':null,'ri':null,'mi':null,"
            + "'unknown':{'anything':[1e400,'NaN']},'db':-0.5,'fl':'3.4e38'}",
            "{}" })
    void validJsonReadsAsProtobufsOwnParserReadsIt(String json) throws Exception {
        final DynamicMessage.Builder expected = DynamicMessage.newBuilder(AllTypes.DESCRIPTOR);
        JsonFormat.parser().ignoringUnknownFields().merge(quoted(json), expected);
        assertThat(read(json, AllTypes.empty())).isEqualTo(expected.build());
    }

    @Test
    void chatRequestsReadAsProtobufReadsThem() throws Exception {
        final String json = "{'model':'m','messages':[{'role':'ROLE_USER','content':[{'text':'hi'},"
                            + "{'imageUrl':{'url':'https://x/a.png','detail':'IMAGE_DETAIL_LOW'}}]}],"
                            + "'tools':[{'name':'f','parameters':{'type':'object','properties':{'x':{'minimum':0}}}}],"
                            + "'toolChoice':{'mode':'TOOL_CHOICE_MODE_REQUIRED'},'temperature':0.2,'seed':'7',"
                            + "'max_tokens':10,'metadata':{'k':'v'},'stop':['a'],'parallel_tool_calls':false}";
        final ChatRequest.Builder expected = ChatRequest.newBuilder();
        JsonFormat.parser().merge(quoted(json), expected);
        final ChatRequest request = read(json, ChatRequest.getDefaultInstance());
        assertThat(request).isEqualTo(expected.build());
        assertThat(request.hasParallelToolCalls()).as("an explicit false of an optional field is kept").isTrue();
    }

    @Test
    void pathsAreNamedFromTheChatRequestInsideAnEnvelope() {
        final GatewayException inside = refusal("{'chat':{'messages':[{'role':'ROLE_WIZARD'}]}}",
                                                CreateChatCompletionRequest.getDefaultInstance());
        assertThat(inside.field()).isEqualTo("messages[0].role");
        assertThat(inside.getMessage()).isEqualTo("messages[0].role must be one of ROLE_SYSTEM, ROLE_DEVELOPER, "
                                                  + "ROLE_USER, ROLE_ASSISTANT, ROLE_TOOL (or its number), "
                                                  + "not the string \"ROLE_WIZARD\"");
        final GatewayException envelope = refusal("{'chat':5}", CreateChatCompletionRequest.getDefaultInstance());
        assertThat(envelope.field()).isEqualTo("chat");
        assertThat(envelope.getMessage()).isEqualTo("chat must be an object, not the number 5");
    }

    @Test
    void theDocumentItselfIsNamedByTheCaller() {
        final GatewayException error = catchThrowableOfType(GatewayException.class, () -> ProtoJsonReader.NATIVE.read(
                JsonText.read("[1]", "the body"), ChatRequest.getDefaultInstance(), "the request body"));
        assertThat(error.field()).isEmpty();
        assertThat(error.getMessage()).isEqualTo("the request body must be an object, not an array");
    }

    @Test
    void aValueOfALargerDocumentIsNamedFromItsPlace() {
        final GatewayException error = catchThrowableOfType(GatewayException.class, () -> ProtoJsonReader.NATIVE.read(
                JsonText.read("{\"minimum\":1e400}", "x"), Struct.getDefaultInstance(), "parameters",
                "tools[0].function.parameters"));
        assertThat(error.field()).isEqualTo("tools[0].function.parameters.minimum");
    }

    @Test
    void enumsReadByNameOrNumberAndNullMeansNotSet() {
        assertThat(read("{'messages':[{'role':3},{'role':'ROLE_TOOL'}]}", ChatRequest.getDefaultInstance())
                           .getMessagesList()).extracting(message -> message.getRole())
                .containsExactly(Role.ROLE_USER, Role.ROLE_TOOL);
        final ChatRequest nulls = read("{'temperature':null,'seed':null,'tools':null,'model':null}",
                                       ChatRequest.getDefaultInstance());
        assertThat(nulls.hasTemperature()).isFalse();
        assertThat(nulls.hasSeed()).isFalse();
        assertThat(nulls).isEqualTo(ChatRequest.getDefaultInstance());
    }

    private static GatewayException refusal(String json, Message prototype) {
        final GatewayException error = catchThrowableOfType(GatewayException.class, () -> read(json, prototype));
        assertThat(error).as(json).isNotNull();
        return error;
    }

    private static <T extends Message> T read(String json, T prototype) {
        return ProtoJsonReader.NATIVE.read(JsonText.read(quoted(json), "the document"), prototype, "the document");
    }

    private static String quoted(String json) {
        return json.replace('\'', '"');
    }

    private static Arguments bad(String json, String path, String problem) {
        return Arguments.of(json, path, problem);
    }
}
