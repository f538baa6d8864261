/*
 * [SELECT *] FROM <source> [WHERE <condition>] INTO <sink>, with the IoT Hub routing query
 * language as condition. Alternatives of 'expression' are listed from the tightest binding
 * to the loosest, which is how ANTLR assigns operator precedence.
 */
parser grammar RouteGrammar;

options { tokenVocab = RouteLexer; }

route
    : (SELECT STAR)? FROM source (WHERE expression)? INTO sink EOF
    ;

source
    : SOURCE_PATH
    ;

sink
    : name=(SYSTEM_REFERENCE | IDENTIFIER) (LPAREN argument=STRING RPAREN)?
    ;

expression
    : LPAREN expression RPAREN                                          # parenthesized
    | literal                                                           # literalValue
    | SYSTEM_REFERENCE                                                  # systemReference
    | LBRACE SYSTEM_REFERENCE RBRACE                                    # escapedSystemReference
    | name=IDENTIFIER LPAREN (expression (COMMA expression)*)? RPAREN   # functionCall
    | IDENTIFIER                                                        # propertyReference
    | operator=(NOT | MINUS) expression                                 # operation
    | expression operator=(STAR | SLASH | PERCENT) expression           # operation
    | expression operator=(PLUS | MINUS | CONCAT) expression            # operation
    | expression operator=(LT | LE | GT | GE) expression                # operation
    | expression operator=(EQ | NE) expression                          # operation
    | expression operator=AND expression                                # operation
    | expression operator=OR expression                                 # operation
    | expression operator=COALESCE expression                           # operation
    ;

literal
    : STRING | INTEGER | HEX_INTEGER | REAL | TRUE | FALSE | NULL | UNDEFINED
    ;
