# frozen_string_literal: true

class Geo::SnippetRepositoryRegistry < Geo::BaseRegistry
  include Geo::StateMachineRegistry

  belongs_to :snippet_repository, class_name: 'SnippetRepository'
end
