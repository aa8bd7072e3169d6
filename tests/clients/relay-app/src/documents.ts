// The fixture's GraphQL documents, as a Relay app writes them. relay-compiler turns each into an
// artifact in __generated__/ (what babel-plugin-relay would import in an app); tests/clients/relay.test.ts
// compiles them, then executes the artifacts with relay-runtime against a started server.
import { graphql } from "relay-runtime";

/** A show card that refetches itself by `node(id:)`: needs Show to implement Node. */
export const showCard = graphql`
  fragment ShowCard_show on Show @refetchable(queryName: "ShowCardRefetchQuery") {
    id
    title
    status
  }
`;

/**
 * The query of the original bug: a show, its creator, a company and an article in one answer. With
 * per-type ids they shared "1" and Relay's store merged them.
 */
export const showPage = graphql`
  query ShowPageQuery($slug: String!) {
    show(slug: $slug) {
      ...ShowCard_show
      id
      title
      creators { id name }
      productionCompanies { id name }
      articles(first: 1) { nodes { id title } }
    }
  }
`;

/** Shows, paged with cursors through a Relay connection. */
export const showList = graphql`
  fragment ShowList_query on Query
  @refetchable(queryName: "ShowListPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 2 }, cursor: { type: "String" }) {
    shows(first: $count, after: $cursor) @connection(key: "ShowList_shows") {
      edges { node { id title } }
    }
  }
`;
