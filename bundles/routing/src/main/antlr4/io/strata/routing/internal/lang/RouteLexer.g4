/*
 * Tokens of a route: FROM <source> [WHERE <condition>] INTO <sink>.
 * Keywords ignore case; a source path is lexed as one token in its own mode, because
 * '/*' in '/messages/*' would otherwise open a comment.
 */
lexer grammar RouteLexer;

SELECT    : S E L E C T ;
FROM      : F R O M -> pushMode(SOURCE) ;
WHERE     : W H E R E ;
INTO      : I N T O ;
AND       : A N D ;
OR        : O R ;
NOT       : N O T ;
TRUE      : T R U E ;
FALSE     : F A L S E ;
NULL      : N U L L ;
UNDEFINED : U N D E F I N E D ;

STRING
    : '"' (ESCAPE | ~["\\])* '"'
    | '\'' (ESCAPE | ~['\\])* '\''
    ;
// Matched so that the parser can name the mistake instead of a stray quote.
UNTERMINATED_STRING
    : '"' (ESCAPE | ~["\\])*
    | '\'' (ESCAPE | ~['\\])*
    ;

HEX_INTEGER : '0' [xX] HEX_DIGIT+ ;
REAL        : DIGITS? '.' DIGITS EXPONENT? | DIGITS EXPONENT ;
INTEGER     : DIGITS ;

LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
PERCENT  : '%' ;
EQ       : '=' ;
NE       : '!=' | '<>' ;
LE       : '<=' ;
GE       : '>=' ;
LT       : '<' ;
GT       : '>' ;
CONCAT   : '||' ;
COALESCE : '??' ;

// $name: a system property, a $body path such as $body.a.b[0].c, or a sink such as $upstream.
SYSTEM_REFERENCE : '$' NAME_START (NAME_PART | '[' | ']')* ;
// An application property, a function or a sink name; IoT Hub names may contain '-' and '.'.
IDENTIFIER       : NAME_START NAME_PART* ;

COMMENT    : '/*' .*? '*/' -> skip ;
WHITESPACE : [ \t\r\n]+ -> skip ;

// Everything else reaches the parser, which reports it with its position.
UNKNOWN_CHARACTER : . ;

mode SOURCE;

SOURCE_WHITESPACE : [ \t\r\n]+ -> skip ;
// A route without a source goes on with a keyword; keep it one, so the parser says the source is missing.
SOURCE_WHERE      : W H E R E -> type(WHERE), popMode ;
SOURCE_INTO       : I N T O -> type(INTO), popMode ;
SOURCE_PATH       : ~[ \t\r\n]+ -> popMode ;

fragment NAME_START : [a-zA-Z_] ;
fragment NAME_PART  : [a-zA-Z0-9_.\-] ;
fragment ESCAPE     : '\\' (["'\\] | 'u' HEX_DIGIT HEX_DIGIT HEX_DIGIT HEX_DIGIT) ;
fragment HEX_DIGIT  : [0-9a-fA-F] ;
fragment DIGITS     : [0-9]+ ;
fragment EXPONENT   : [eE] [+\-]? DIGITS ;

fragment A : [aA] ; fragment C : [cC] ; fragment D : [dD] ; fragment E : [eE] ;
fragment F : [fF] ; fragment H : [hH] ; fragment I : [iI] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment R : [rR] ;
fragment S : [sS] ; fragment T : [tT] ; fragment U : [uU] ; fragment W : [wW] ;
